using System.Globalization;
using Telemetry.Query;
using Telemetry.Schema;
using Telemetry.Series;
using Xunit;
using static Telemetry.Tests.Cluster.Samples;

namespace Telemetry.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class QueryGrainTests(ClusterFixture fixture)
{
    private const string Metric = "inventory.on_hand";

    private static readonly SeriesLabels S1L1 = Labels(("sku", "s1"), ("loc", "l1"));
    private static readonly SeriesLabels S1L2 = Labels(("sku", "s1"), ("loc", "l2"));
    private static readonly SeriesLabels S2L1 = Labels(("sku", "s2"), ("loc", "l1"));

    private readonly string _tenant = "tenant-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Sums_ingested_samples_per_group_in_minute_buckets()
    {
        var start = await IngestAsync();

        var outcome = await RunAsync(Spec(start) with { GroupBy = ["sku"] });

        Assert.Null(outcome.ErrorCode);
        var result = outcome.Result!;
        Assert.Equal(3, result.SeriesScanned);
        Assert.Equal(["s1", "s2"], result.Series.Select(s => Assert.Single(s.Group).Value));
        var buckets = new[] { Format(start), Format(start + Minutes(1)), Format(start + Minutes(2)) };
        Assert.Equal<QueryPoint>([new(buckets[0], 11), new(buckets[1], 2), new(buckets[2], 30)], result.Series[0].Points);
        Assert.Equal<QueryPoint>([new(buckets[0], 5), new(buckets[1], null), new(buckets[2], 7)], result.Series[1].Points);
    }

    [Fact]
    public async Task Filters_narrow_the_series_before_grouping()
    {
        var start = await IngestAsync();

        var outcome = await RunAsync(Spec(start) with { GroupBy = ["sku"], Filters = [new DimensionFilter("loc", ["l1"])] });

        var result = outcome.Result!;
        Assert.Equal(2, result.SeriesScanned);
        Assert.Equal([1, 2, null], result.Series[0].Points.Select(p => p.V));
        Assert.Equal([5, null, 7], result.Series[1].Points.Select(p => p.V));
    }

    [Fact]
    public async Task Without_group_by_every_series_sums_into_one_group()
    {
        var start = await IngestAsync();

        var outcome = await RunAsync(Spec(start));

        var single = Assert.Single(outcome.Result!.Series);
        Assert.Empty(single.Group);
        Assert.Equal([16, 2, 37], single.Points.Select(p => p.V));
    }

    [Fact]
    public async Task A_metric_without_series_answers_no_groups()
    {
        var outcome = await RunAsync(Spec(MinuteFloor(fixture.Time.GetUtcNow().UtcTicks) - Minutes(5)));

        Assert.Null(outcome.ErrorCode);
        Assert.Empty(outcome.Result!.Series);
        Assert.Equal(0, outcome.Result.SeriesScanned);
    }

    /// <summary>
    /// Three series over three minutes from a minute boundary; per sku and minute the sums are
    /// s1: 1 + 10, 2, 30 and s2: 5, none, 7. A sample after the range must not count.
    /// </summary>
    private async Task<long> IngestAsync()
    {
        var start = MinuteFloor(fixture.Time.GetUtcNow().UtcTicks) - Minutes(10);
        await AppendAsync(S1L1, (start + Seconds(10), 1), (start + Seconds(70), 2));
        await AppendAsync(S1L2, (start + Seconds(20), 10), (start + Seconds(130), 30), (start + Minutes(3), 1000));
        await AppendAsync(S2L1, (start + Seconds(150), 7), (start + Seconds(30), 5));
        return start;
    }

    private async Task AppendAsync(SeriesLabels labels, params (long Timestamp, double Value)[] samples)
    {
        // As the ingest pipeline does: the metric admits (and indexes) the series before it gets samples.
        var admission = await fixture.Client.GetGrain<IMetricGrain>(SeriesKey.ForMetric(_tenant, Metric))
            .AdmitAsync(MetricType.Gauge, [labels], new TenantSettings(EnforcementMode.Lenient, null, null, 0), dryRun: false);
        Assert.True(Assert.Single(admission.Verdicts).Admitted);
        var series = fixture.Client.GetGrain<ISeriesGrain>(SeriesKey.ForSeries(_tenant, Metric, labels.Hash));
        var result = await series.AppendAsync(Batch(_tenant, Metric, MetricType.Gauge, labels, samples));
        Assert.False(result.IsRejected, result.RejectMessage);
    }

    private Task<QueryOutcome> RunAsync(QuerySpec spec) => fixture.Client.GetGrain<IQueryGrain>(0).RunAsync(spec);

    private QuerySpec Spec(long start) => new(
        _tenant,
        Metric,
        start,
        start + Minutes(3),
        new Granularity(1, GranularityUnit.Minute),
        Aggregation.Sum,
        Rollup: null,
        GroupBy: [],
        Filters: [],
        FillMode.Null,
        "UTC",
        new QueryLimits(MaxPoints: 10_000, MaxSeries: 1_000, MaxBucketsPerSeries: 1_000));

    private static long MinuteFloor(long ticks) => ticks - ticks % TimeSpan.TicksPerMinute;

    private static string Format(long ticks) =>
        new DateTimeOffset(ticks, TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
