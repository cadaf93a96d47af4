using System.Collections.Immutable;
using System.Globalization;
using Telemetry.Query;
using Telemetry.Series;
using Xunit;
using static Telemetry.Tests.Query.Partials;

namespace Telemetry.Tests.Query;

/// <summary>
/// Three one-minute buckets [0,60s) [60s,120s) [120s,180s). Series A and B are in dc=x, C in dc=y:
/// <code>
///          bucket 0                            bucket 1
/// A (x)    1@10s 3@20s                         2@70s
/// B (x)    9@5s 5@15s 7@25s                    —
/// C (y)    100@30s                             —
/// </code>
/// </summary>
public sealed class GroupMergerTests
{
    private static readonly ImmutableArray<long> Starts = [Seconds(0), Seconds(60), Seconds(120)];
    private static readonly SeriesEntry A = SeriesOf(("dc", "x"), ("host", "a"));
    private static readonly SeriesEntry B = SeriesOf(("dc", "x"), ("host", "b"));
    private static readonly SeriesEntry C = SeriesOf(("dc", "y"), ("host", "c"));

    private static readonly (double, double)[] A0 = [(10, 1), (20, 3)];
    private static readonly (double, double)[] A1 = [(70, 2)];
    private static readonly (double, double)[] B0 = [(5, 9), (15, 5), (25, 7)];
    private static readonly (double, double)[] C0 = [(30, 100)];

    [Theory]
    // x, bucket 0, raw samples 1 3 9 5 7: sum 25, count 5, avg 5, min 1, max 9, last 7 (B's 25s is after A's 20s).
    // x, bucket 1, only A's 2.
    [InlineData(Aggregation.Sum, 25.0, 2.0)]
    [InlineData(Aggregation.Count, 5.0, 1.0)]
    [InlineData(Aggregation.Avg, 5.0, 2.0)]
    [InlineData(Aggregation.Min, 1.0, 2.0)]
    [InlineData(Aggregation.Max, 9.0, 2.0)]
    [InlineData(Aggregation.Last, 7.0, 2.0)]
    // sorted 1 3 5 7 9: p50 h=2 → 5; p90 h=3.6 → 7 + 0.6·2 = 8.2; p99 h=3.96 → 7 + 0.96·2 = 8.92
    [InlineData(Aggregation.P50, 5.0, 2.0)]
    [InlineData(Aggregation.P90, 8.2, 2.0)]
    [InlineData(Aggregation.P99, 8.92, 2.0)]
    public void Without_rollup_aggregates_all_raw_samples_of_the_group(Aggregation aggregation, double bucket0, double bucket1)
    {
        var merger = new GroupMerger(aggregation, null, ["dc"], Seconds(0), Seconds(180), Starts);
        merger.Add(A, ReadWithValues((0, A0), (1, A1)));
        merger.Add(B, ReadWithValues((0, B0)));
        merger.Add(C, ReadWithValues((0, C0)));

        var series = merger.Build(FillMode.Null, FormatSeconds);

        Assert.Equal(2, series.Length);
        Assert.Equal([KeyValuePair.Create("dc", (string?)"x")], series[0].Group.ToArray());
        AssertValues([bucket0, bucket1, null], series[0]);
        Assert.Equal([KeyValuePair.Create("dc", (string?)"y")], series[1].Group.ToArray());
        // y holds C's single sample 100: every aggregation gives 100, except count, which gives 1.
        Assert.Equal(aggregation == Aggregation.Count ? 1.0 : 100.0, series[1].Points[0].V);
    }

    [Theory]
    // Per series in bucket 0: A avg 2, sum 4, min 1, max 3, last 3 (at 20s), count 2;
    //                         B avg 7, sum 21, min 5, max 9, last 7 (at 25s), count 3.
    [InlineData(Rollup.Avg, Aggregation.Sum, 9.0)]
    [InlineData(Rollup.Avg, Aggregation.Avg, 4.5)]
    [InlineData(Rollup.Avg, Aggregation.Min, 2.0)]
    [InlineData(Rollup.Avg, Aggregation.Max, 7.0)]
    [InlineData(Rollup.Avg, Aggregation.Count, 2.0)]
    [InlineData(Rollup.Avg, Aggregation.Last, 7.0)]
    [InlineData(Rollup.Avg, Aggregation.P50, 4.5)]
    // p90 of [2, 7]: h = 0.9 → 2 + 0.9·5 = 6.5
    [InlineData(Rollup.Avg, Aggregation.P90, 6.5)]
    [InlineData(Rollup.Sum, Aggregation.Avg, 12.5)]
    [InlineData(Rollup.Sum, Aggregation.Max, 21.0)]
    [InlineData(Rollup.Min, Aggregation.Sum, 6.0)]
    [InlineData(Rollup.Max, Aggregation.Min, 3.0)]
    [InlineData(Rollup.Max, Aggregation.Sum, 12.0)]
    [InlineData(Rollup.Last, Aggregation.Sum, 10.0)]
    [InlineData(Rollup.Last, Aggregation.Min, 3.0)]
    [InlineData(Rollup.Count, Aggregation.Sum, 5.0)]
    [InlineData(Rollup.Count, Aggregation.Avg, 2.5)]
    public void With_rollup_aggregates_one_value_per_series(Rollup rollup, Aggregation aggregation, double expected)
    {
        var merger = new GroupMerger(aggregation, rollup, ["dc"], Seconds(0), Seconds(180), Starts);
        merger.Add(A, Read(Of(0, A0), Of(1, A1)));
        merger.Add(B, Read(Of(0, B0)));

        var x = Assert.Single(merger.Build(FillMode.Null, FormatSeconds));

        Assert.Equal(expected, x.Points[0].V!.Value, 12);
    }

    [Fact]
    public void Rollup_count_aggregation_counts_series_not_samples()
    {
        // Bucket 0 has 5 samples from 2 series; bucket 1 has 1 sample from 1 series.
        var merger = new GroupMerger(Aggregation.Count, Rollup.Max, [], Seconds(0), Seconds(180), Starts);
        merger.Add(A, Read(Of(0, A0), Of(1, A1)));
        merger.Add(B, Read(Of(0, B0)));

        var all = Assert.Single(merger.Build(FillMode.Null, FormatSeconds));

        Assert.Empty(all.Group);
        AssertValues([2, 1, null], all);
    }

    [Fact]
    public void Rate_divides_the_increase_by_the_bucket_length_clipped_to_the_range()
    {
        // Query [30s,150s): bucket 0 counts 30s ([30,60)), bucket 1 60s, bucket 2 30s ([120,150)).
        // Counter A increases 6, 12, 3 → rates 0.2, 0.2, 0.1. Counter B increases 3, 6 → rates 0.1, 0.1.
        var counterA = SeriesOf(MetricType.Counter, ("host", "a"));
        var counterB = SeriesOf(MetricType.Counter, ("host", "b"));
        var readA = Read(Of(0, [(40, 100)], 6), Of(1, [(90, 112)], 12), Of(2, [(130, 115)], 3));
        var readB = Read(Of(0, [(45, 10)], 3), Of(1, [(100, 16)], 6));

        var rates = new GroupMerger(Aggregation.Sum, Rollup.Rate, [], Seconds(30), Seconds(150), Starts);
        rates.Add(counterA, readA);
        rates.Add(counterB, readB);
        var increases = new GroupMerger(Aggregation.Sum, Rollup.Increase, [], Seconds(30), Seconds(150), Starts);
        increases.Add(counterA, readA);
        increases.Add(counterB, readB);
        var averageRate = new GroupMerger(Aggregation.Avg, Rollup.Rate, [], Seconds(30), Seconds(150), Starts);
        averageRate.Add(counterA, readA);
        averageRate.Add(counterB, readB);

        Assert.Equal([30.0, 60.0, 30.0], [rates.BucketSeconds(0), rates.BucketSeconds(1), rates.BucketSeconds(2)]);
        AssertValues([0.3, 0.3, 0.1], Assert.Single(rates.Build(FillMode.Null, FormatSeconds)));
        AssertValues([9, 18, 3], Assert.Single(increases.Build(FillMode.Null, FormatSeconds)));
        AssertValues([0.15, 0.15, 0.1], Assert.Single(averageRate.Build(FillMode.Null, FormatSeconds)));
    }

    [Fact]
    public void Last_on_equal_timestamps_takes_the_series_with_the_greater_id_whatever_the_order()
    {
        var first = Read(Of(0, [(20, 1)]));
        var second = Read(Of(0, [(20, 2)]));
        var expected = A.Hash > B.Hash ? 1.0 : 2.0;

        var forward = new GroupMerger(Aggregation.Last, null, [], Seconds(0), Seconds(180), Starts);
        forward.Add(A, first);
        forward.Add(B, second);
        var backward = new GroupMerger(Aggregation.Last, null, [], Seconds(0), Seconds(180), Starts);
        backward.Add(B, second);
        backward.Add(A, first);

        Assert.Equal(expected, Assert.Single(forward.Build(FillMode.Null, FormatSeconds)).Points[0].V);
        Assert.Equal(expected, Assert.Single(backward.Build(FillMode.Null, FormatSeconds)).Points[0].V);
    }

    [Fact]
    public void Groups_sort_by_values_with_missing_keys_first_and_empty_groups_are_left_out()
    {
        var noDc = SeriesOf(("host", "d"));
        var silent = SeriesOf(("dc", "a"), ("host", "e"));
        var merger = new GroupMerger(Aggregation.Sum, null, ["dc", "host"], Seconds(0), Seconds(180), Starts);
        merger.Add(C, Read(Of(0, C0)));
        merger.Add(B, Read(Of(0, B0)));
        merger.Add(silent, SeriesReadResult.Empty);
        merger.Add(A, Read(Of(0, A0)));
        merger.Add(noDc, Read(Of(2, [(150, 4)])));

        var series = merger.Build(FillMode.None, FormatSeconds);

        Assert.Equal(4, merger.GroupCount);
        Assert.Equal(
            ["(null)/d", "x/a", "x/b", "y/c"],
            series.Select(s => string.Join("/", s.Group.Select(g => g.Value ?? "(null)"))));
        Assert.Equal(["dc", "host"], series[0].Group.Select(g => g.Key));
        Assert.Equal([new QueryPoint("120", 4)], series[0].Points.ToArray());
    }

    [Fact]
    public void Fill_mode_applies_to_each_group()
    {
        var merger = new GroupMerger(Aggregation.Sum, null, [], Seconds(0), Seconds(180), Starts);
        merger.Add(A, Read(Of(1, A1)));

        AssertValues([null, 2, 2], Assert.Single(merger.Build(FillMode.Previous, FormatSeconds)));
        AssertValues([0, 2, 0], Assert.Single(merger.Build(FillMode.Zero, FormatSeconds)));
        Assert.Equal(["0", "60", "120"], Assert.Single(merger.Build(FillMode.Null, FormatSeconds)).Points.Select(p => p.T));
    }

    [Fact]
    public void Raw_percentile_without_raw_values_is_an_error_not_a_guess()
    {
        var merger = new GroupMerger(Aggregation.P90, null, [], Seconds(0), Seconds(180), Starts);

        Assert.Throws<InvalidOperationException>(() => merger.Add(A, Read(Of(0, A0))));
    }

    [Fact]
    public void Only_raw_percentiles_need_raw_values()
    {
        Assert.True(GroupMerger.NeedsRawValues(Aggregation.P50, null));
        Assert.False(GroupMerger.NeedsRawValues(Aggregation.P50, Rollup.Avg));
        Assert.False(GroupMerger.NeedsRawValues(Aggregation.Avg, null));
    }

    private static string FormatSeconds(long ticks) =>
        (ticks / TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture);

    private static void AssertValues(double?[] expected, QuerySeries series)
    {
        Assert.Equal(expected.Length, series.Points.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (expected[i] is { } value)
            {
                Assert.NotNull(series.Points[i].V);
                Assert.Equal(value, series.Points[i].V!.Value, 12);
            }
            else
            {
                Assert.Null(series.Points[i].V);
            }
        }
    }
}
