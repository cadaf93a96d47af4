using Telemetry.Query;
using Telemetry.Rollups;
using Telemetry.Series;
using Xunit;
using static Telemetry.Tests.Cluster.Samples;

namespace Telemetry.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class RollupGrainTests(ClusterFixture fixture)
{
    private const string Metric = "inventory.on_hand";

    private static readonly long Hour = new DateTime(2025, 6, 1, 9, 0, 0, DateTimeKind.Utc).Ticks;
    private static readonly SeriesLabels S1 = Labels(("sku", "s1"), ("loc", "l1"));
    private static readonly SeriesLabels S2 = Labels(("sku", "s2"));

    private readonly string _tenant = "tenant-" + Guid.NewGuid().ToString("N");

    private IRollupGrain Rollup => fixture.Client.GetGrain<IRollupGrain>(SeriesKey.ForMetric(_tenant, Metric));

    [Fact]
    public async Task A_flush_writes_one_segment_per_hour_partition_under_the_raw_layout_and_lists_it()
    {
        await Rollup.FlushAsync([Flush(S1, (Hour + Minutes(58), 1), (Hour + Minutes(61), 2)), Flush(S2, (Hour + Minutes(59), 5))]);

        var segments = await Rollup.GetSegmentsAsync();

        Assert.Equal(2, segments.Length);
        Assert.Matches($"^{_tenant}/{Metric}/raw/2025/06/01/09/[0-9]{{10}}-[0-9a-f]{{8}}\\.parquet$", segments[0].Path);
        Assert.Matches($"^{_tenant}/{Metric}/raw/2025/06/01/10/[0-9]{{10}}-[0-9a-f]{{8}}\\.parquet$", segments[1].Path);
        Assert.Equal((2L, Hour + Minutes(58), Hour + Minutes(59), 1d, 5d), (segments[0].Rows, segments[0].MinTimestamp, segments[0].MaxTimestamp, segments[0].MinValue, segments[0].MaxValue));
        Assert.Equal(1, segments[1].Rows);
        Assert.All(segments, s => Assert.True(File.Exists(Path.Combine(fixture.DataPath, "segments", s.Path))));
        Assert.All(segments, s => Assert.Equal(new FileInfo(Path.Combine(fixture.DataPath, "segments", s.Path)).Length, s.Bytes));
    }

    [Fact]
    public async Task Concurrent_flushes_are_committed_together()
    {
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Rollup.FlushAsync([Flush(Labels(("sku", $"s{i}")), (Hour + Minutes(i), i))])));

        var segment = Assert.Single(await Rollup.GetSegmentsAsync());
        Assert.Equal(20, segment.Rows);
        Assert.Equal(20, segment.Series);
    }

    [Fact]
    public async Task A_cold_read_counts_a_sample_flushed_twice_once_with_the_later_value()
    {
        await Rollup.FlushAsync([Flush(S1, (Hour + Minutes(1), 1), (Hour + Minutes(2), 2))]);
        await Rollup.FlushAsync([Flush(S1, (Hour + Minutes(2), 20), (Hour + Minutes(3), 3))]);

        var read = await ReadAsync(new ColdSeries(S1.Hash, long.MaxValue, ResetAware: false), includeValues: true);

        var bucket = Assert.Single(Assert.Single(read).Read.Buckets);
        Assert.Equal((3, 24d, Hour + Minutes(3), 3d), (bucket.Count, bucket.Sum, bucket.LastTimestamp, bucket.Last));
        Assert.Equal<double>([1, 20, 3], Assert.Single(Assert.Single(read).Read.Values));
    }

    [Fact]
    public async Task A_cold_read_keeps_only_rows_before_the_series_flushed_before()
    {
        await Rollup.FlushAsync([Flush(S1, (Hour + Minutes(1), 1), (Hour + Minutes(2), 2), (Hour + Minutes(3), 3))]);

        var read = await ReadAsync(new ColdSeries(S1.Hash, Hour + Minutes(3), ResetAware: false), includeValues: false);

        var bucket = Assert.Single(Assert.Single(read).Read.Buckets);
        Assert.Equal((2, 3d), (bucket.Count, bucket.Sum));
    }

    [Fact]
    public async Task A_counter_increase_in_range_sees_the_flushed_sample_before_the_range()
    {
        await Rollup.FlushAsync([Flush(S1, (Hour + Minutes(5), 10), (Hour + Minutes(15), 14), (Hour + Minutes(25), 3))]);

        var request = new SeriesReadRequest(Hour + Minutes(10), Hour + Minutes(30), [Hour + Minutes(10)], IncludeValues: false);
        var read = await Rollup.ReadColdAsync(new ColdReadRequest(request, [new ColdSeries(S1.Hash, long.MaxValue, ResetAware: true)]));

        var bucket = Assert.Single(Assert.Single(read).Read.Buckets);
        Assert.Equal(2, bucket.Count);
        Assert.Equal(4 + 3, bucket.Increase);
    }

    private Task<System.Collections.Immutable.ImmutableArray<ColdSeriesRead>> ReadAsync(ColdSeries series, bool includeValues) =>
        Rollup.ReadColdAsync(new ColdReadRequest(
            new SeriesReadRequest(Hour, Hour + Minutes(60), [Hour], includeValues),
            [series]));

    private static SeriesFlush Flush(SeriesLabels labels, params (long Timestamp, double Value)[] samples) =>
        new(labels, [.. samples.Select(s => s.Timestamp)], [.. samples.Select(s => s.Value)]);
}
