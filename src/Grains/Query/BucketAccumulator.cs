using System.Runtime.InteropServices;

namespace Telemetry.Query;

/// <summary>
/// What one group has gathered in one bucket: either raw samples (folded in a partial at a time) or one
/// rolled-up value per series. "Last" is the contribution with the greatest timestamp; on equal timestamps the
/// series with the greater id (labels hash) wins, so the answer never depends on the order of arrival.
/// </summary>
internal sealed class BucketAccumulator(bool keepValues)
{
    private readonly List<double>? values = keepValues ? [] : null;
    private double sum;
    private long count;
    private double min = double.PositiveInfinity;
    private double max = double.NegativeInfinity;
    private long lastTimestamp = long.MinValue;
    private ulong lastSeries;
    private double last = double.NaN;

    public long Count => count;

    /// <summary>Folds in the raw samples one series had in this bucket, summarised by its partial.</summary>
    public void AddSamples(ulong seriesId, in BucketPartial partial, ReadOnlySpan<double> rawValues)
    {
        if (values is not null)
        {
            if (rawValues.Length != partial.Count)
            {
                throw new InvalidOperationException(
                    $"Series {seriesId:x16} sent {rawValues.Length} raw values for a bucket of {partial.Count} samples; exact percentiles need them all.");
            }

            values.AddRange(rawValues);
        }

        sum += partial.Sum;
        count += partial.Count;
        min = Math.Min(min, partial.Min);
        max = Math.Max(max, partial.Max);
        TakeLast(seriesId, partial.LastTimestamp, partial.Last);
    }

    /// <summary>Folds in one series' rolled-up value for this bucket, stamped with its last sample's time.</summary>
    public void AddSeriesValue(ulong seriesId, double value, long lastTimestampOfSeries)
    {
        values?.Add(value);
        sum += value;
        count++;
        min = Math.Min(min, value);
        max = Math.Max(max, value);
        TakeLast(seriesId, lastTimestampOfSeries, value);
    }

    /// <summary>The aggregated value, or null when nothing was added.</summary>
    public double? Result(Aggregation aggregation)
    {
        if (count == 0)
        {
            return null;
        }

        if (Percentile.TryGetRank(aggregation, out var rank))
        {
            if (values is null)
            {
                throw new InvalidOperationException("This accumulator was not asked to keep values, so it cannot give a percentile.");
            }

            return Percentile.OfUnsorted(CollectionsMarshal.AsSpan(values), rank);
        }

        return aggregation switch
        {
            Aggregation.Sum => sum,
            Aggregation.Avg => sum / count,
            Aggregation.Min => min,
            Aggregation.Max => max,
            Aggregation.Count => count,
            Aggregation.Last => last,
            _ => throw new ArgumentOutOfRangeException(nameof(aggregation), aggregation, "Unknown aggregation."),
        };
    }

    private void TakeLast(ulong seriesId, long timestamp, double value)
    {
        if (timestamp > lastTimestamp || (timestamp == lastTimestamp && seriesId >= lastSeries))
        {
            lastTimestamp = timestamp;
            lastSeries = seriesId;
            last = value;
        }
    }
}
