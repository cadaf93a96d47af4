using System.Collections.Immutable;
using Telemetry.Query;
using Telemetry.Rollups;
using Telemetry.Series;

namespace Telemetry.Tests.Query;

/// <summary>
/// Series held as raw samples, read the way a series grain would: samples in [Start, End) split at the
/// requested bucket starts with <see cref="BucketAligner.FindBucket"/>. Records requests and reads in flight.
/// A series given a FlushedBefore answers its older samples only from cold reads, as if they were in segments.
/// </summary>
internal sealed class FakeQuerySource : IQuerySource
{
    private readonly Dictionary<ulong, (long Ticks, double Value)[]> samples = [];
    private readonly List<SeriesEntry> series = [];
    private readonly Dictionary<ulong, long> flushedBefore = [];
    private int inFlight;

    public List<SeriesReadRequest> Requests { get; } = [];

    public int FindCalls { get; private set; }

    public List<ColdReadRequest> ColdRequests { get; } = [];

    public int MaxInFlight { get; private set; }

    public SeriesEntry Add(SeriesEntry entry, params (long Ticks, double Value)[] points)
    {
        series.Add(entry);
        samples[entry.Hash] = [.. points.OrderBy(p => p.Ticks)];
        return entry;
    }

    /// <summary>Moves the series' samples older than <paramref name="ticks"/> to the cold side.</summary>
    public void Flush(SeriesEntry entry, long ticks) => flushedBefore[entry.Hash] = ticks;

    public Task<ImmutableArray<ColdSeriesRead>> ReadColdAsync(ColdReadRequest request)
    {
        ColdRequests.Add(request);
        return Task.FromResult(request.Series
            .Select(s => new ColdSeriesRead(s.Hash, Partials(samples[s.Hash].Where(p => p.Ticks < s.FlushedBefore), request.Read)))
            .Where(r => !r.Read.Buckets.IsEmpty)
            .ToImmutableArray());
    }

    public Task<ImmutableArray<SeriesEntry>> FindSeriesAsync(ImmutableArray<DimensionFilter> filters)
    {
        FindCalls++;
        return Task.FromResult(series
            .Where(s => filters.All(f => s.Labels[f.Key] is { } value && f.Values.Contains(value)))
            .ToImmutableArray());
    }

    public async Task<SeriesReadResult> ReadAsync(SeriesEntry entry, SeriesReadRequest request)
    {
        lock (Requests)
        {
            Requests.Add(request);
            MaxInFlight = Math.Max(MaxInFlight, ++inFlight);
        }

        await Task.Delay(1);
        var before = flushedBefore.GetValueOrDefault(entry.Hash);
        var read = Partials(samples[entry.Hash].Where(p => p.Ticks >= before), request) with { FlushedBefore = before };

        lock (Requests)
        {
            inFlight--;
        }

        return read;
    }

    private static SeriesReadResult Partials(IEnumerable<(long Ticks, double Value)> points, SeriesReadRequest request)
    {
        var buckets = points
            .Where(p => p.Ticks >= request.Start)
            .Select(p => (Bucket: BucketAligner.FindBucket(request.BucketStarts.AsSpan(), request.End, p.Ticks), p.Ticks, p.Value))
            .Where(p => p.Bucket >= 0)
            .GroupBy(p => p.Bucket)
            .ToArray();

        return new SeriesReadResult(
            [.. buckets.Select(b => new BucketPartial(
                b.Key,
                b.Count(),
                b.Sum(p => p.Value),
                b.Min(p => p.Value),
                b.Max(p => p.Value),
                b.Last().Ticks,
                b.Last().Value,
                0))],
            request.IncludeValues ? [.. buckets.Select(b => b.Select(p => p.Value).ToImmutableArray())] : []);
    }
}
