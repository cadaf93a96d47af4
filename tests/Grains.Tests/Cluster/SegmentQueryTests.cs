using System.Globalization;
using Orleans.Core.Internal;
using Telemetry.Query;
using Telemetry.Rollups;
using Telemetry.Schema;
using Telemetry.Series;
using Xunit;
using static Telemetry.Tests.Cluster.Samples;

namespace Telemetry.Tests.Cluster;

/// <summary>
/// Hot + cold: a tenant whose samples move to segments (flush by age, deactivation, late samples, replays)
/// must answer every query exactly as a reference tenant holding the same samples all hot.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SegmentQueryTests(ClusterFixture fixture)
{
    private const string Metric = "picks.total";

    private static readonly SeriesLabels[] Series =
    [
        Labels(("loc", "l1"), ("sku", "a")),
        Labels(("loc", "l1"), ("sku", "b")),
        Labels(("loc", "l2"), ("sku", "a")),
    ];

    private readonly string _subject = "tenant-" + Guid.NewGuid().ToString("N");
    private readonly string _reference = "tenant-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task The_same_queries_before_and_after_flush_and_deactivation_give_identical_answers()
    {
        var now = fixture.Time.GetUtcNow().UtcTicks;
        var data = Counters(now - TimeSpan.FromHours(8).Ticks, now - Minutes(30));
        await AppendBothAsync(data);
        await AssertSameAnswersAsync(now);

        // Flush by age: everything older than now − hot window goes to segments, the rest stays hot.
        foreach (var labels in Series)
        {
            await SeriesOf(_subject, labels).FlushAsync();
            var flushedBefore = await SeriesOf(_subject, labels).GetFlushedBeforeAsync();
            Assert.InRange(flushedBefore, now - TimeSpan.FromHours(8).Ticks, now - TimeSpan.FromHours(6).Ticks);
        }

        await AssertSameAnswersAsync(now);

        // Deactivation flushes everything; the grains come back with their state.
        await DeactivateAsync(_subject, data);
        await AssertSameAnswersAsync(now);

        // New samples are hot again; a late one (before FlushedBefore) goes straight to a segment.
        var late = (Series[1], new[] { (now - Minutes(151) + Seconds(30), 1_000d) });
        await AppendBothAsync([.. Counters(now - Minutes(29), now - Minutes(1)), late]);
        await AssertSameAnswersAsync(now);
    }

    [Fact]
    public async Task A_deactivated_series_grain_reactivates_and_its_samples_stay_queryable_under_the_segment_layout()
    {
        var now = fixture.Time.GetUtcNow().UtcTicks;
        var data = Counters(now - Minutes(150), now - Minutes(10));
        await AppendBothAsync(data);

        await DeactivateAsync(_subject, data);

        var read = await SeriesOf(_subject, Series[0]).ReadAsync(new SeriesReadRequest(now - Minutes(200), now, [now - Minutes(200)], IncludeValues: false));
        Assert.Empty(read.Buckets);
        Assert.True(read.FlushedBefore > data[0].Samples.Max(s => s.Timestamp));
        await AssertSameAnswersAsync(now);
        var segments = await fixture.Client.GetGrain<IRollupGrain>(SeriesKey.ForMetric(_subject, Metric)).GetSegmentsAsync();
        var hours = data.SelectMany(d => d.Samples).Select(s => new DateTime(s.Timestamp, DateTimeKind.Utc).ToString("yyyy/MM/dd/HH", CultureInfo.InvariantCulture)).Distinct().Order().ToList();
        Assert.Equal(hours, segments.Select(s => new DateTime(s.HourStart, DateTimeKind.Utc).ToString("yyyy/MM/dd/HH", CultureInfo.InvariantCulture)).Distinct().Order());
        Assert.All(segments, s => Assert.StartsWith($"{_subject}/{Metric}/raw/", s.Path));
        Assert.All(segments, s => Assert.True(File.Exists(Path.Combine(fixture.DataPath, "segments", s.Path))));
        Assert.Equal(data.Sum(d => d.Samples.Length), segments.Sum(s => s.Rows));
    }

    [Fact]
    public async Task Replaying_or_resending_already_flushed_samples_does_not_double_count()
    {
        var now = fixture.Time.GetUtcNow().UtcTicks;
        var data = Counters(now - Minutes(150), now - Minutes(10));
        await AppendBothAsync(data);
        await DeactivateAsync(_subject, data);

        // A replay after a restart skips them; a live resend writes a late segment that dedupes on read.
        foreach (var (labels, samples) in data)
        {
            await AppendAsync(_subject, labels, samples, replayed: true);
            await AppendAsync(_subject, labels, samples, replayed: false);
        }

        await AssertSameAnswersAsync(now);
        var sum = await RunAsync(_subject, Spec(_subject, now - Minutes(200), now, Aggregation.Count, null, [], FillMode.None));
        Assert.Equal(data.Sum(d => d.Samples.Length), sum.Result!.Series.Single().Points.Sum(p => p.V));
    }

    /// <summary>Counter samples every 7 minutes with a reset now and then; integer values keep sums exact.</summary>
    private static List<(SeriesLabels Labels, (long Timestamp, double Value)[] Samples)> Counters(long from, long to)
    {
        var result = new List<(SeriesLabels, (long, double)[])>();
        for (var s = 0; s < Series.Length; s++)
        {
            var samples = new List<(long, double)>();
            var value = 100d * s;
            var i = 0;
            for (var t = from + Minutes(s); t < to; t += Minutes(7), i++)
            {
                value = (i + s) % 17 == 0 ? (i % 5) : value + ((i * 7 + s * 3) % 11);
                samples.Add((t, value));
            }

            result.Add((Series[s], [.. samples]));
        }

        return result;
    }

    private async Task AssertSameAnswersAsync(long now)
    {
        var ranges = new[]
        {
            (Start: HourFloor(now) - TimeSpan.FromHours(9).Ticks, End: HourFloor(now) + TimeSpan.FromHours(1).Ticks, Granularity: new Granularity(1, GranularityUnit.Hour)),
            (Start: now - Minutes(200) + Seconds(17), End: now - Minutes(5), Granularity: new Granularity(15, GranularityUnit.Minute)),
        };
        var shapes = new List<(Aggregation, Rollup?, string[], FillMode)>();
        foreach (var aggregation in Enum.GetValues<Aggregation>())
        {
            shapes.Add((aggregation, null, [], FillMode.Null));
            shapes.Add((aggregation, null, ["loc"], FillMode.Null));
        }

        foreach (var rollup in new Rollup?[] { Rollup.Increase, Rollup.Rate, Rollup.Last, Rollup.Count })
        {
            shapes.Add((Aggregation.Sum, rollup, ["loc"], FillMode.Null));
            shapes.Add((Aggregation.Max, rollup, [], FillMode.Null));
        }

        foreach (var fill in new[] { FillMode.Zero, FillMode.Previous, FillMode.None })
        {
            shapes.Add((Aggregation.Avg, null, ["sku"], fill));
        }

        foreach (var (start, end, granularity) in ranges)
        {
            foreach (var (aggregation, rollup, groupBy, fill) in shapes)
            {
                var expected = await RunAsync(_reference, Spec(_reference, start, end, aggregation, rollup, groupBy, fill) with { Granularity = granularity });
                var actual = await RunAsync(_subject, Spec(_subject, start, end, aggregation, rollup, groupBy, fill) with { Granularity = granularity });
                Assert.Null(expected.ErrorCode);
                Assert.NotEmpty(expected.Result!.Series);
                Assert.Equal(Describe(expected), Describe(actual));
            }
        }
    }

    private static string Describe(QueryOutcome outcome) => string.Join('\n', outcome.Result!.Series.Select(s =>
        string.Join(',', s.Group.Select(g => $"{g.Key}={g.Value}")) + ": " +
        string.Join(' ', s.Points.Select(p => $"{p.T}={p.V?.ToString("R", CultureInfo.InvariantCulture) ?? "null"}"))));

    private async Task AppendBothAsync(List<(SeriesLabels Labels, (long Timestamp, double Value)[] Samples)> data)
    {
        foreach (var tenant in new[] { _reference, _subject })
        {
            foreach (var (labels, samples) in data)
            {
                await AppendAsync(tenant, labels, samples, replayed: false);
            }
        }
    }

    private async Task AppendAsync(string tenant, SeriesLabels labels, (long Timestamp, double Value)[] samples, bool replayed)
    {
        var metric = fixture.Client.GetGrain<IMetricGrain>(SeriesKey.ForMetric(tenant, Metric));
        var admission = await metric.AdmitAsync(MetricType.Counter, [labels], new TenantSettings(EnforcementMode.Lenient, null, null, 0), dryRun: false);
        Assert.True(Assert.Single(admission.Verdicts).Admitted);
        var result = await SeriesOf(tenant, labels).AppendAsync(Batch(tenant, Metric, MetricType.Counter, labels, samples) with { Replayed = replayed });
        Assert.False(result.IsRejected, result.RejectMessage);
    }

    /// <summary>Deactivates the tenant's series grains and waits until the next activation reports every sample flushed.</summary>
    private async Task DeactivateAsync(string tenant, List<(SeriesLabels Labels, (long Timestamp, double Value)[] Samples)> data)
    {
        foreach (var (labels, samples) in data)
        {
            await SeriesOf(tenant, labels).Cast<IGrainManagementExtension>().DeactivateOnIdle();
            var newest = samples.Max(s => s.Timestamp);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (await SeriesOf(tenant, labels).GetFlushedBeforeAsync() <= newest)
            {
                Assert.True(DateTime.UtcNow < deadline, "The series grain did not flush on deactivation.");
                await Task.Delay(50);
            }
        }
    }

    private ISeriesGrain SeriesOf(string tenant, SeriesLabels labels) =>
        fixture.Client.GetGrain<ISeriesGrain>(SeriesKey.ForSeries(tenant, Metric, labels.Hash));

    private Task<QueryOutcome> RunAsync(string tenant, QuerySpec spec) => fixture.Client.GetGrain<IQueryGrain>(0).RunAsync(spec);

    private static QuerySpec Spec(string tenant, long start, long end, Aggregation aggregation, Rollup? rollup, string[] groupBy, FillMode fill) => new(
        tenant,
        Metric,
        start,
        end,
        new Granularity(1, GranularityUnit.Hour),
        aggregation,
        rollup,
        [.. groupBy],
        Filters: [],
        fill,
        "UTC",
        new QueryLimits(MaxPoints: 10_000, MaxSeries: 1_000, MaxBucketsPerSeries: 1_000));

    private static long HourFloor(long ticks) => ticks - ticks % TimeSpan.TicksPerHour;
}
