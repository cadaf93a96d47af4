using System.Collections.Immutable;
using Telemetry.Query;
using Telemetry.Series;
using Xunit;
using static Telemetry.Tests.Query.BucketAlignerTests;
using static Telemetry.Tests.Query.Partials;

namespace Telemetry.Tests.Query;

public sealed class QueryExecutorTests
{
    private static readonly QueryLimits Generous = new(MaxPoints: 10_000, MaxSeries: 1_000, MaxBucketsPerSeries: 1_000);

    [Fact]
    public async Task Daily_averages_per_group_in_london_across_spring_forward()
    {
        // Buckets: 03-29 (00:00Z), 03-30 (00:00Z, 23 hours), 03-31 (03-30 23:00Z). Range [03-29 00:00Z, 04-01 00:00Z)
        // also holds 04-01's local midnight (03-31 23:00Z), which gets an empty fourth bucket.
        var source = new FakeQuerySource();
        source.Add(SeriesOf(("sku", "s1"), ("loc", "l1")), (Utc("2025-03-29T10:00:00Z"), 10), (Utc("2025-03-30T22:59:59Z"), 20));
        source.Add(SeriesOf(("sku", "s1"), ("loc", "l2")), (Utc("2025-03-29T11:00:00Z"), 30), (Utc("2025-03-30T23:00:00Z"), 40));
        source.Add(SeriesOf(("sku", "s2"), ("loc", "l1")), (Utc("2025-03-30T12:00:00Z"), 5));
        source.Add(SeriesOf(("sku", "s3"), ("loc", "l3")), (Utc("2025-04-02T12:00:00Z"), 7));
        var spec = Spec("2025-03-29T00:00:00Z", "2025-04-01T00:00:00Z", "1d", Aggregation.Avg) with
        {
            TimeZone = "Europe/London",
            GroupBy = ["sku"],
        };

        var outcome = await QueryExecutor.RunAsync(spec, source);

        Assert.Null(outcome.ErrorCode);
        var result = outcome.Result!;
        Assert.Equal(4, result.SeriesScanned);
        Assert.Equal(["s1", "s2"], result.Series.Select(s => s.Group.Single().Value));
        var s1 = result.Series[0].Points;
        Assert.Equal(
            ["2025-03-29T00:00:00Z", "2025-03-30T00:00:00Z", "2025-03-31T00:00:00+01:00", "2025-04-01T00:00:00+01:00"],
            s1.Select(p => p.T));
        // s1: 03-29 holds 10 and 30 → 20; 03-30 (until 22:59:59Z) holds 20 → 20; 03-31 starts 23:00Z and holds 40.
        Assert.Equal([20, 20, 40, null], s1.Select(p => p.V));
        Assert.Equal([null, 5, null, null], result.Series[1].Points.Select(p => p.V));
        Assert.All(source.Requests, r => Assert.False(r.IncludeValues));
        Assert.All(source.Requests, r => Assert.Equal(4, r.BucketStarts.Length));
    }

    [Fact]
    public async Task Raw_percentiles_ask_series_for_raw_values()
    {
        // One group of 1, 2, 3, 4 in one hour: p90 = 3.7.
        var source = new FakeQuerySource();
        source.Add(SeriesOf(("host", "a")), (Utc("2025-06-01T12:01:00Z"), 1), (Utc("2025-06-01T12:02:00Z"), 4));
        source.Add(SeriesOf(("host", "b")), (Utc("2025-06-01T12:03:00Z"), 3), (Utc("2025-06-01T12:04:00Z"), 2));

        var outcome = await QueryExecutor.RunAsync(Spec("2025-06-01T12:00:00Z", "2025-06-01T13:00:00Z", "1h", Aggregation.P90), source);

        Assert.Equal(3.7, Assert.Single(Assert.Single(outcome.Result!.Series).Points).V!.Value, 12);
        Assert.All(source.Requests, r => Assert.True(r.IncludeValues));
    }

    [Fact]
    public async Task Refuses_more_buckets_than_a_series_may_have_before_finding_series()
    {
        // One hour in 10s buckets is 360 buckets.
        var source = new FakeQuerySource();
        var spec = Spec("2025-06-01T12:00:00Z", "2025-06-01T13:00:00Z", "10s", Aggregation.Sum) with
        {
            Limits = Generous with { MaxBucketsPerSeries = 359 },
        };

        var outcome = await QueryExecutor.RunAsync(spec, source);

        Assert.Null(outcome.Result);
        Assert.Equal("too_many_points", outcome.ErrorCode);
        Assert.Equal(0, source.FindCalls);
    }

    [Fact]
    public async Task Refuses_more_series_than_the_limit_without_reading_them()
    {
        var source = new FakeQuerySource();
        for (var i = 0; i < 3; i++)
        {
            source.Add(SeriesOf(("host", $"h{i}")), (Utc("2025-06-01T12:00:00Z"), i));
        }

        var spec = Spec("2025-06-01T12:00:00Z", "2025-06-01T13:00:00Z", "1h", Aggregation.Sum) with
        {
            Limits = Generous with { MaxSeries = 2 },
        };

        var outcome = await QueryExecutor.RunAsync(spec, source);

        Assert.Equal("too_many_series", outcome.ErrorCode);
        Assert.Empty(source.Requests);
    }

    [Fact]
    public async Task Refuses_when_groups_times_buckets_pass_the_point_limit()
    {
        // 3 groups × 2 buckets = 6 points; a fourth series without samples in range adds no group.
        var source = new FakeQuerySource();
        for (var i = 0; i < 3; i++)
        {
            source.Add(SeriesOf(("host", $"h{i}")), (Utc("2025-06-01T12:00:00Z"), i));
        }

        source.Add(SeriesOf(("host", "quiet")), (Utc("2025-06-01T10:00:00Z"), 1));
        var spec = Spec("2025-06-01T12:00:00Z", "2025-06-01T14:00:00Z", "1h", Aggregation.Sum) with { GroupBy = ["host"] };

        var fits = await QueryExecutor.RunAsync(spec with { Limits = Generous with { MaxPoints = 6 } }, source);
        var tooBig = await QueryExecutor.RunAsync(spec with { Limits = Generous with { MaxPoints = 5 } }, source);

        Assert.Equal(3, fits.Result!.Series.Length);
        Assert.Equal(4, fits.Result.SeriesScanned);
        Assert.Equal("too_many_points", tooBig.ErrorCode);
    }

    [Fact]
    public async Task Filters_go_to_the_metric_index()
    {
        var source = new FakeQuerySource();
        source.Add(SeriesOf(("loc", "l1")), (Utc("2025-06-01T12:00:00Z"), 1));
        source.Add(SeriesOf(("loc", "l2")), (Utc("2025-06-01T12:00:00Z"), 2));
        var spec = Spec("2025-06-01T12:00:00Z", "2025-06-01T13:00:00Z", "1h", Aggregation.Sum) with
        {
            Filters = [new DimensionFilter("loc", ["l2"])],
        };

        var outcome = await QueryExecutor.RunAsync(spec, source);

        Assert.Equal(1, outcome.Result!.SeriesScanned);
        Assert.Equal(2, Assert.Single(Assert.Single(outcome.Result.Series).Points).V);
    }

    [Fact]
    public async Task Reads_at_most_the_given_number_of_series_at_once()
    {
        var source = new FakeQuerySource();
        for (var i = 0; i < 20; i++)
        {
            source.Add(SeriesOf(("host", $"h{i}")), (Utc("2025-06-01T12:00:00Z"), 1));
        }

        var outcome = await QueryExecutor.RunAsync(Spec("2025-06-01T12:00:00Z", "2025-06-01T13:00:00Z", "1h", Aggregation.Count), source, concurrency: 3);

        Assert.Equal(20, source.Requests.Count);
        Assert.InRange(source.MaxInFlight, 1, 3);
        Assert.Equal(20, Assert.Single(Assert.Single(outcome.Result!.Series).Points).V);
    }

    [Theory]
    [InlineData(Aggregation.Sum)]
    [InlineData(Aggregation.Avg)]
    [InlineData(Aggregation.Min)]
    [InlineData(Aggregation.Max)]
    [InlineData(Aggregation.Count)]
    [InlineData(Aggregation.Last)]
    [InlineData(Aggregation.P90)]
    public async Task Samples_split_between_segments_and_hot_windows_answer_as_if_all_were_hot(Aggregation aggregation)
    {
        var all = new FakeQuerySource();
        var split = new FakeQuerySource();
        var a = SeriesOf(("host", "a"));
        var b = SeriesOf(("host", "b"));
        (long, double)[] samplesA = [(Utc("2025-06-01T12:01:00Z"), 1), (Utc("2025-06-01T12:20:00Z"), 9), (Utc("2025-06-01T12:40:00Z"), 4), (Utc("2025-06-01T13:10:00Z"), 6)];
        (long, double)[] samplesB = [(Utc("2025-06-01T12:05:00Z"), 3), (Utc("2025-06-01T13:30:00Z"), 2)];
        foreach (var source in new[] { all, split })
        {
            source.Add(a, samplesA);
            source.Add(b, samplesB);
        }

        split.Flush(a, Utc("2025-06-01T12:30:00Z"));
        split.Flush(b, Utc("2025-06-01T13:00:00Z"));
        var spec = Spec("2025-06-01T12:00:00Z", "2025-06-01T14:00:00Z", "1h", aggregation);

        var expected = await QueryExecutor.RunAsync(spec, all);
        var actual = await QueryExecutor.RunAsync(spec, split);

        Assert.Equal(
            expected.Result!.Series.SelectMany(s => s.Points).Select(p => p.V),
            actual.Result!.Series.SelectMany(s => s.Points).Select(p => p.V));
        var cold = Assert.Single(split.ColdRequests);
        Assert.Equal(new[] { a.Hash, b.Hash }.Order(), cold.Series.Select(s => s.Hash).Order());
        Assert.Empty(all.ColdRequests);
    }

    [Fact]
    public async Task Series_that_flushed_nothing_after_the_start_are_not_read_cold()
    {
        var source = new FakeQuerySource();
        var a = source.Add(SeriesOf(("host", "a")), (Utc("2025-06-01T12:01:00Z"), 1));
        source.Flush(a, Utc("2025-06-01T12:00:00Z"));

        var outcome = await QueryExecutor.RunAsync(Spec("2025-06-01T12:00:00Z", "2025-06-01T13:00:00Z", "1h", Aggregation.Sum), source);

        Assert.Equal(1, Assert.Single(Assert.Single(outcome.Result!.Series).Points).V);
        Assert.Empty(source.ColdRequests);
    }

    [Fact]
    public async Task Refuses_an_unknown_time_zone()
    {
        var spec = Spec("2025-06-01T12:00:00Z", "2025-06-01T13:00:00Z", "1h", Aggregation.Sum) with { TimeZone = "Nowhere/Atlantis" };

        var outcome = await QueryExecutor.RunAsync(spec, new FakeQuerySource());

        Assert.Equal("unknown_timezone", outcome.ErrorCode);
    }

    private static QuerySpec Spec(string start, string end, string granularity, Aggregation aggregation)
    {
        Assert.True(Granularity.TryParse(granularity, out var parsed));
        return new QuerySpec(
            "tenant",
            "inventory.on_hand",
            Utc(start),
            Utc(end),
            parsed,
            aggregation,
            Rollup: null,
            GroupBy: [],
            Filters: [],
            FillMode.Null,
            "UTC",
            Generous);
    }
}
