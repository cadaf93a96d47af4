using System.Collections.Immutable;
using Telemetry.Rollups;
using Telemetry.Series;

namespace Telemetry.Query;

/// <summary>
/// Runs a <see cref="QuerySpec"/> against an <see cref="IQuerySource"/>: aligns the buckets, resolves the series,
/// reads them with bounded concurrency (hot windows, then one cold read for the series whose older samples
/// are in segments) and merges the reads into groups × buckets, refusing the query when it passes its limits.
/// </summary>
public static class QueryExecutor
{
    /// <summary>Series reads in flight at once for one query.</summary>
    public const int DefaultConcurrency = 64;

    /// <summary>The query spans more buckets per series, or more points in all, than its limits allow.</summary>
    public const string TooManyPoints = "too_many_points";

    /// <summary>The filters match more series than the limit allows.</summary>
    public const string TooManySeries = "too_many_series";

    /// <summary>The time zone is not an IANA zone id known to the TZDB.</summary>
    public const string UnknownTimeZone = "unknown_timezone";

    public static async Task<QueryOutcome> RunAsync(QuerySpec spec, IQuerySource source, int concurrency = DefaultConcurrency)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);

        if (!BucketAligner.TryCreate(spec.Granularity, spec.TimeZone, out var aligner))
        {
            return QueryOutcome.Refused(UnknownTimeZone, $"'{spec.TimeZone}' is not a known IANA time zone.");
        }

        if (spec.End <= spec.Start)
        {
            return new QueryOutcome(new QueryResult([], 0));
        }

        var limits = spec.Limits;
        if (!aligner.TryGetStarts(spec.Start, spec.End, limits.MaxBucketsPerSeries, out var starts))
        {
            return QueryOutcome.Refused(
                TooManyPoints,
                $"The range holds more than {limits.MaxBucketsPerSeries} buckets of {spec.Granularity}; use a coarser granularity or a shorter range.");
        }

        var found = await source.FindSeriesAsync(spec.Filters.IsDefault ? [] : spec.Filters);
        if (found.Length > limits.MaxSeries)
        {
            return QueryOutcome.Refused(
                TooManySeries,
                $"The filters match {found.Length} series, more than the limit of {limits.MaxSeries}; narrow them.");
        }

        // A fixed order makes sums and ties independent of which read finished first.
        var series = found.Sort((a, b) => a.Hash.CompareTo(b.Hash));
        var request = new SeriesReadRequest(spec.Start, spec.End, starts, GroupMerger.NeedsRawValues(spec.Aggregation, spec.Rollup));
        var reads = await ReadAllAsync(source, series, request, concurrency);
        await AddColdAsync(source, series, request, reads);

        var merger = new GroupMerger(spec.Aggregation, spec.Rollup, spec.GroupBy, spec.Start, spec.End, starts);
        for (var i = 0; i < series.Length; i++)
        {
            merger.Add(series[i], reads[i]);
        }

        var points = (long)merger.GroupCount * starts.Length;
        if (points > limits.MaxPoints)
        {
            return QueryOutcome.Refused(
                TooManyPoints,
                $"The answer would hold {points} points ({merger.GroupCount} groups × {starts.Length} buckets), more than the limit of {limits.MaxPoints}.");
        }

        return new QueryOutcome(new QueryResult(merger.Build(spec.Fill, aligner.Format), series.Length));
    }

    /// <summary>
    /// Folds the segment part into the reads of series that flushed samples after the query's start: one
    /// cold read for the whole query, not one per series.
    /// </summary>
    private static async Task AddColdAsync(IQuerySource source, ImmutableArray<SeriesEntry> series, SeriesReadRequest request, SeriesReadResult[] reads)
    {
        var cold = ImmutableArray.CreateBuilder<ColdSeries>();
        var index = new Dictionary<ulong, int>();
        for (var i = 0; i < series.Length; i++)
        {
            if (reads[i].FlushedBefore > request.Start)
            {
                cold.Add(new ColdSeries(series[i].Hash, reads[i].FlushedBefore, series[i].Type == MetricType.Counter));
                index[series[i].Hash] = i;
            }
        }

        if (cold.Count == 0)
        {
            return;
        }

        foreach (var read in await source.ReadColdAsync(new ColdReadRequest(request, cold.ToImmutable())))
        {
            if (index.TryGetValue(read.Hash, out var i))
            {
                reads[i] = PartialMerge.Combine(read.Read, reads[i]);
            }
        }
    }

    private static async Task<SeriesReadResult[]> ReadAllAsync(
        IQuerySource source,
        ImmutableArray<SeriesEntry> series,
        SeriesReadRequest request,
        int concurrency)
    {
        var reads = new SeriesReadResult[series.Length];
        var next = -1;

        // A few workers each take the next series until none is left: at most `concurrency` reads in flight.
        async Task ReadUntilDoneAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < series.Length)
            {
                reads[i] = await source.ReadAsync(series[i], request) ?? SeriesReadResult.Empty;
            }
        }

        var workers = new Task[Math.Min(concurrency, series.Length)];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = ReadUntilDoneAsync();
        }

        await Task.WhenAll(workers);
        return reads;
    }
}
