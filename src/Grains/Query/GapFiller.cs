using System.Collections.Immutable;

namespace Telemetry.Query;

/// <summary>Turns one group's per-bucket values (null where a bucket is empty) into points, per <see cref="FillMode"/>.</summary>
public static class GapFiller
{
    /// <summary>
    /// <see cref="FillMode.Null"/>: every bucket, null when empty. <see cref="FillMode.Zero"/>: empty buckets are 0.
    /// <see cref="FillMode.Previous"/>: the last non-empty value carried forward; leading empty buckets stay null.
    /// <see cref="FillMode.None"/>: empty buckets are left out.
    /// </summary>
    public static ImmutableArray<QueryPoint> Fill(ReadOnlySpan<double?> values, IReadOnlyList<string> bucketLabels, FillMode fill)
    {
        if (values.Length != bucketLabels.Count)
        {
            throw new ArgumentException("There must be one label per bucket.", nameof(bucketLabels));
        }

        var points = ImmutableArray.CreateBuilder<QueryPoint>(values.Length);
        double? previous = null;
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            switch (fill)
            {
                case FillMode.None when value is null:
                    continue;
                case FillMode.Zero:
                    value ??= 0;
                    break;
                case FillMode.Previous:
                    value ??= previous;
                    previous = value;
                    break;
            }

            points.Add(new QueryPoint(bucketLabels[i], value));
        }

        return points.DrainToImmutable();
    }
}
