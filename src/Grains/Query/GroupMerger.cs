using System.Collections.Immutable;
using Telemetry.Series;

namespace Telemetry.Query;

/// <summary>
/// Merges the bucket partials of many series into one value per group and bucket. Pure: no Orleans, no I/O.
/// </summary>
/// <remarks>
/// Without a rollup the aggregation runs over all raw samples of the group in the bucket (sum = Σsum,
/// count = Σcount, avg = Σsum/Σcount, min, max, last, and percentiles over the raw values). With a rollup each
/// series first gets one value per bucket (avg, sum, min, max, last, count, increase, or rate = increase per second
/// of the bucket's length clipped to the query range) and the aggregation runs over those values, so count is
/// the number of series with a value. "Last" is the value with the greatest timestamp; on equal timestamps the
/// series with the greatest id wins. A group exists only once one of its series has a sample in range.
/// </remarks>
public sealed class GroupMerger
{
    private readonly Aggregation aggregation;
    private readonly Rollup? rollup;
    private readonly ImmutableArray<string> groupBy;
    private readonly long start;
    private readonly long end;
    private readonly ImmutableArray<long> bucketStarts;
    private readonly bool keepValues;
    private readonly Dictionary<string?[], Dictionary<int, BucketAccumulator>> groups = new(GroupValuesComparer.Instance);

    public GroupMerger(
        Aggregation aggregation,
        Rollup? rollup,
        ImmutableArray<string> groupBy,
        long start,
        long end,
        ImmutableArray<long> bucketStarts)
    {
        this.aggregation = aggregation;
        this.rollup = rollup;
        this.groupBy = groupBy.IsDefault ? [] : groupBy;
        this.start = start;
        this.end = end;
        this.bucketStarts = bucketStarts;
        keepValues = aggregation.IsPercentile();
    }

    /// <summary>Whether series reads must carry raw values: a percentile over raw samples needs them.</summary>
    public static bool NeedsRawValues(Aggregation aggregation, Rollup? rollup) =>
        rollup is null && aggregation.IsPercentile();

    /// <summary>Groups that have at least one non-empty bucket so far.</summary>
    public int GroupCount => groups.Count;

    /// <summary>Folds in one series' read. Empty partials are ignored.</summary>
    public void Add(SeriesEntry series, SeriesReadResult read)
    {
        Dictionary<int, BucketAccumulator>? buckets = null;
        for (var i = 0; i < read.Buckets.Length; i++)
        {
            var partial = read.Buckets[i];
            if (partial.Count <= 0)
            {
                continue;
            }

            if ((uint)partial.Bucket >= (uint)bucketStarts.Length)
            {
                throw new InvalidOperationException(
                    $"Series {series.Hash:x16} answered for bucket {partial.Bucket} of {bucketStarts.Length}.");
            }

            buckets ??= GroupOf(series.Labels);
            if (!buckets.TryGetValue(partial.Bucket, out var accumulator))
            {
                accumulator = new BucketAccumulator(keepValues);
                buckets.Add(partial.Bucket, accumulator);
            }

            if (rollup is { } perSeries)
            {
                accumulator.AddSeriesValue(series.Hash, RollUp(perSeries, partial), partial.LastTimestamp);
            }
            else
            {
                var values = keepValues && i < read.Values.Length ? read.Values[i].AsSpan() : default;
                accumulator.AddSamples(series.Hash, partial, values);
            }
        }
    }

    /// <summary>The groups in order of their values (missing first, then ordinal), each with its points.</summary>
    public ImmutableArray<QuerySeries> Build(FillMode fill, Func<long, string> formatBucket)
    {
        var labels = bucketStarts.Select(formatBucket).ToArray();
        var values = new double?[bucketStarts.Length];
        var result = ImmutableArray.CreateBuilder<QuerySeries>(groups.Count);
        foreach (var (groupValues, buckets) in groups.OrderBy(g => g.Key, GroupValuesComparer.Instance))
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = buckets.TryGetValue(i, out var accumulator) ? accumulator.Result(aggregation) : null;
            }

            var group = groupBy.Select((key, i) => KeyValuePair.Create(key, groupValues[i])).ToImmutableArray();
            result.Add(new QuerySeries(group, GapFiller.Fill(values, labels, fill)));
        }

        return result.DrainToImmutable();
    }

    /// <summary>The length in seconds of bucket <paramref name="bucket"/> within the query range.</summary>
    public double BucketSeconds(int bucket)
    {
        var bucketEnd = bucket + 1 < bucketStarts.Length ? Math.Min(bucketStarts[bucket + 1], end) : end;
        var bucketStart = Math.Max(bucketStarts[bucket], start);
        return (double)(bucketEnd - bucketStart) / TimeSpan.TicksPerSecond;
    }

    private double RollUp(Rollup perSeries, in BucketPartial partial) => perSeries switch
    {
        Rollup.Avg => partial.Sum / partial.Count,
        Rollup.Sum => partial.Sum,
        Rollup.Min => partial.Min,
        Rollup.Max => partial.Max,
        Rollup.Last => partial.Last,
        Rollup.Count => partial.Count,
        Rollup.Increase => partial.Increase,
        Rollup.Rate => partial.Increase / BucketSeconds(partial.Bucket),
        _ => throw new ArgumentOutOfRangeException(nameof(perSeries), perSeries, "Unknown rollup."),
    };

    private Dictionary<int, BucketAccumulator> GroupOf(SeriesLabels labels)
    {
        var key = new string?[groupBy.Length];
        for (var i = 0; i < key.Length; i++)
        {
            key[i] = labels[groupBy[i]];
        }

        if (!groups.TryGetValue(key, out var buckets))
        {
            buckets = [];
            groups.Add(key, buckets);
        }

        return buckets;
    }
}
