using System.Collections.Immutable;

namespace Telemetry.Query;

/// <summary>
/// Joins one series' cold read (its samples in segments) with its hot read (the samples still in its grain)
/// into the read a grain holding everything would give. Pure. Every cold sample is older than every hot one,
/// so per bucket count, sum and increase add, min and max combine, last is the newer, raw values concatenate.
/// </summary>
public static class PartialMerge
{
    public static SeriesReadResult Combine(SeriesReadResult older, SeriesReadResult newer)
    {
        if (older.Buckets.IsEmpty)
        {
            return newer;
        }

        if (newer.Buckets.IsEmpty)
        {
            return older with { FlushedBefore = newer.FlushedBefore };
        }

        var withValues = !older.Values.IsEmpty || !newer.Values.IsEmpty;
        var buckets = ImmutableArray.CreateBuilder<BucketPartial>(older.Buckets.Length + newer.Buckets.Length);
        var values = withValues ? ImmutableArray.CreateBuilder<ImmutableArray<double>>() : null;
        int o = 0, n = 0;
        while (o < older.Buckets.Length || n < newer.Buckets.Length)
        {
            var fromOlder = n == newer.Buckets.Length || (o < older.Buckets.Length && older.Buckets[o].Bucket < newer.Buckets[n].Bucket);
            var fromNewer = o == older.Buckets.Length || (n < newer.Buckets.Length && newer.Buckets[n].Bucket < older.Buckets[o].Bucket);
            if (fromOlder)
            {
                buckets.Add(older.Buckets[o]);
                values?.Add(ValuesAt(older, o));
                o++;
            }
            else if (fromNewer)
            {
                buckets.Add(newer.Buckets[n]);
                values?.Add(ValuesAt(newer, n));
                n++;
            }
            else
            {
                buckets.Add(Join(older.Buckets[o], newer.Buckets[n]));
                values?.Add([.. ValuesAt(older, o), .. ValuesAt(newer, n)]);
                o++;
                n++;
            }
        }

        return new SeriesReadResult(buckets.ToImmutable(), values?.ToImmutable() ?? [], newer.FlushedBefore);
    }

    private static BucketPartial Join(in BucketPartial older, in BucketPartial newer)
    {
        var newerIsLast = newer.LastTimestamp >= older.LastTimestamp;
        return new BucketPartial(
            older.Bucket,
            older.Count + newer.Count,
            older.Sum + newer.Sum,
            Math.Min(older.Min, newer.Min),
            Math.Max(older.Max, newer.Max),
            newerIsLast ? newer.LastTimestamp : older.LastTimestamp,
            newerIsLast ? newer.Last : older.Last,
            older.Increase + newer.Increase);
    }

    private static ImmutableArray<double> ValuesAt(SeriesReadResult read, int index) =>
        index < read.Values.Length ? read.Values[index] : [];
}
