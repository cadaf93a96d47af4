using MathNet.Numerics.Statistics;
using Telemetry.Query;
using Xunit;

namespace Telemetry.Tests.Query;

public sealed class PercentileTests
{
    [Theory]
    // [1,2,3,4] p50: h = 3·0.5 = 1.5 → 2 + 0.5·(3−2) = 2.5
    [InlineData(new double[] { 1, 2, 3, 4 }, 0.50, 2.5)]
    // [1,2,3,4] p90: h = 3·0.9 = 2.7 → 3 + 0.7·(4−3) = 3.7
    [InlineData(new double[] { 1, 2, 3, 4 }, 0.90, 3.7)]
    // one value: every percentile is it
    [InlineData(new double[] { 10 }, 0.99, 10)]
    // [1..10] p95: h = 9·0.95 = 8.55 → 9 + 0.55·(10−9) = 9.55
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 0.95, 9.55)]
    // [1..10] p50: h = 4.5 → 5 + 0.5 = 5.5
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 0.50, 5.5)]
    // [10,20,30] p99: h = 2·0.99 = 1.98 → 20 + 0.98·10 = 29.8
    [InlineData(new double[] { 10, 20, 30 }, 0.99, 29.8)]
    // p0 and p100 are min and max
    [InlineData(new double[] { 3, 7, 11 }, 0.0, 3)]
    [InlineData(new double[] { 3, 7, 11 }, 1.0, 11)]
    public void Interpolates_between_closest_ranks(double[] sorted, double rank, double expected)
    {
        Assert.Equal(expected, Percentile.OfSorted(sorted, rank), 12);
    }

    [Fact]
    public void Sorts_unsorted_values_first()
    {
        double[] values = [4, 1, 3, 2];

        Assert.Equal(2.5, Percentile.OfUnsorted(values, 0.5), 12);
    }

    [Fact]
    public void Agrees_with_mathnet_r7()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 101).Select(_ => random.NextDouble() * 1000).Order().ToArray();

        foreach (var rank in new[] { 0.5, 0.9, 0.95, 0.99 })
        {
            var expected = SortedArrayStatistics.QuantileCustom(values, rank, QuantileDefinition.R7);
            Assert.Equal(expected, Percentile.OfSorted(values, rank), 9);
        }
    }

    [Theory]
    [InlineData(Aggregation.P50, 0.50)]
    [InlineData(Aggregation.P90, 0.90)]
    [InlineData(Aggregation.P95, 0.95)]
    [InlineData(Aggregation.P99, 0.99)]
    public void Maps_percentile_aggregations_to_ranks(Aggregation aggregation, double rank)
    {
        Assert.True(Percentile.TryGetRank(aggregation, out var actual));
        Assert.Equal(rank, actual);
        Assert.False(Percentile.TryGetRank(Aggregation.Avg, out _));
    }

    [Fact]
    public void No_values_has_no_percentile()
    {
        Assert.Throws<ArgumentException>(() => Percentile.OfSorted([], 0.5));
    }
}
