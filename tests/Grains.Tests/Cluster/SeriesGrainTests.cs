using Telemetry.Query;
using Telemetry.Series;
using Xunit;
using static Telemetry.Tests.Cluster.Samples;

namespace Telemetry.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class SeriesGrainTests(ClusterFixture fixture)
{
    private const string Metric = "inventory.on_hand";

    private readonly string _tenant = "tenant-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Appended_samples_read_back_in_time_order()
    {
        var now = Now();
        var labels = Labels(("sku", "s1"));

        var appended = await SeriesOf(labels).AppendAsync(Batch(MetricType.Gauge, labels, (now - Minutes(1), 3), (now - Minutes(3), 1), (now - Minutes(2), 2)));
        var read = await SeriesOf(labels).ReadAsync(new SeriesReadRequest(now - Minutes(10), now, [now - Minutes(10)], IncludeValues: true));

        Assert.False(appended.IsRejected);
        Assert.Equal(3, appended.Stored);
        var bucket = Assert.Single(read.Buckets);
        Assert.Equal(3, bucket.Count);
        Assert.Equal(6, bucket.Sum);
        Assert.Equal(now - Minutes(1), bucket.LastTimestamp);
        Assert.Equal<double>([1d, 2, 3], Assert.Single(read.Values));
    }

    [Fact]
    public async Task A_batch_of_another_type_than_the_series_first_is_rejected_as_type_conflict()
    {
        var now = Now();
        var labels = Labels(("sku", "s1"));
        var series = SeriesOf(labels);
        await series.AppendAsync(Batch(MetricType.Gauge, labels, (now - Minutes(2), 5)));

        var conflict = await series.AppendAsync(Batch(MetricType.Counter, labels, (now - Minutes(1), 7)));

        Assert.True(conflict.IsRejected);
        Assert.Equal("type_conflict", conflict.RejectCode);
        Assert.Equal(0, conflict.Stored);
        Assert.False(string.IsNullOrEmpty(conflict.RejectMessage));
        var read = await series.ReadAsync(new SeriesReadRequest(now - Minutes(10), now, [now - Minutes(10)], IncludeValues: true));
        Assert.Equal<double>([5d], Assert.Single(read.Values));
    }

    [Fact]
    public async Task A_batch_of_a_newer_type_epoch_replaces_the_old_type_samples()
    {
        // Admission by the metric happens before the series grain; a forced type change raises the epoch.
        var now = Now();
        var labels = Labels(("sku", "s1"));
        var series = SeriesOf(labels);
        await series.AppendAsync(Batch(MetricType.Gauge, labels, (now - Minutes(3), 5)));

        var changed = await series.AppendAsync(Batch(MetricType.Counter, labels, (now - Minutes(1), 7)) with { TypeEpoch = 1 });

        Assert.False(changed.IsRejected);
        var read = await series.ReadAsync(new SeriesReadRequest(now - Minutes(10), now, [now - Minutes(10)], IncludeValues: true));
        Assert.Equal<double>([7d], Assert.Single(read.Values));
    }

    [Fact]
    public async Task A_batch_of_an_older_type_epoch_is_a_type_conflict()
    {
        var now = Now();
        var labels = Labels(("sku", "s1"));
        var series = SeriesOf(labels);
        await series.AppendAsync(Batch(MetricType.Counter, labels, (now - Minutes(3), 5)) with { TypeEpoch = 1 });

        var stale = await series.AppendAsync(Batch(MetricType.Counter, labels, (now - Minutes(1), 7)));

        Assert.True(stale.IsRejected);
        Assert.Equal("type_conflict", stale.RejectCode);
    }

    [Fact]
    public async Task Samples_older_than_the_flush_age_leave_the_hot_window_for_segments()
    {
        var start = Now();
        var hour = Telemetry.Rollups.HourPartitions.HourOf(start);
        var labels = Labels(("sku", "s1"));
        var series = SeriesOf(labels);
        await series.AppendAsync(Batch(MetricType.Gauge, labels, (hour - Minutes(1), 1), (hour + Minutes(1), 2)));

        fixture.Time.Advance(TimeSpan.FromHours(6));
        await series.FlushAsync();
        var read = await series.ReadAsync(new SeriesReadRequest(hour - Minutes(10), Now(), [hour - Minutes(10)], IncludeValues: true));

        // Now − flush age (the hot window) is `start`, in the hour from `hour`: what came before that hour is in a segment.
        Assert.Equal<double>([2d], Assert.Single(read.Values));
        Assert.Equal(hour, read.FlushedBefore);
        var segment = Assert.Single(await fixture.Client.GetGrain<Telemetry.Rollups.IRollupGrain>(SeriesKey.ForMetric(_tenant, Metric)).GetSegmentsAsync());
        Assert.Equal((1L, hour - Minutes(1)), (segment.Rows, segment.MinTimestamp));
    }

    [Fact]
    public async Task A_counter_series_reads_its_increase_across_a_reset()
    {
        var now = Now();
        var bucket = now - Minutes(10);
        var labels = Labels(("sku", "s1"));
        var series = SeriesOf(labels);
        await series.AppendAsync(Batch(MetricType.Counter, labels, (bucket - Minutes(1), 10), (bucket + Minutes(1), 15), (bucket + Minutes(2), 3), (bucket + Minutes(3), 4)));

        var read = await series.ReadAsync(new SeriesReadRequest(bucket, now, [bucket], IncludeValues: false));

        // 10 → 15 (+5), reset to 3 (+3), 3 → 4 (+1).
        Assert.Equal(9, Assert.Single(read.Buckets).Increase);
    }

    private long Now() => fixture.Time.GetUtcNow().UtcTicks;

    private ISeriesGrain SeriesOf(SeriesLabels labels) =>
        fixture.Client.GetGrain<ISeriesGrain>(SeriesKey.ForSeries(_tenant, Metric, labels.Hash));

    private SeriesBatch Batch(MetricType type, SeriesLabels labels, params (long Timestamp, double Value)[] samples) =>
        Samples.Batch(_tenant, Metric, type, labels, samples);
}
