using System.Collections.Immutable;
using Telemetry.Alerts;
using Telemetry.Series;
using Xunit;

namespace Telemetry.Tests.Alerts;

public sealed class GroupAggregatorTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static SeriesLabels Sku(string sku, string location = "berlin") => new([new("sku", sku), new("location_id", location)]);

    [Theory]
    [InlineData(GroupAggregation.Sum, 16)]
    [InlineData(GroupAggregation.Avg, 16.0 / 3)]
    [InlineData(GroupAggregation.Min, 1)]
    [InlineData(GroupAggregation.Max, 10)]
    public void Combines_the_latest_value_of_each_series(GroupAggregation aggregation, double expected)
    {
        var group = new GroupAggregator(aggregation);

        group.Observe(Sku("A"), new AlertSample(T0, 3));
        group.Observe(Sku("B"), new AlertSample(T0, 10));
        group.Observe(Sku("C"), new AlertSample(T0, 1));
        var sample = group.Observe(Sku("A"), new AlertSample(T0.AddMinutes(1), 5));

        Assert.Equal(new AlertSample(T0.AddMinutes(1), expected), sample);
        Assert.Equal(3, group.SeriesCount);
    }

    [Fact]
    public void An_older_sample_of_a_series_does_not_replace_its_latest_value()
    {
        var group = new GroupAggregator(GroupAggregation.Sum);

        group.Observe(Sku("A"), new AlertSample(T0.AddMinutes(1), 5));
        Assert.Null(group.Observe(Sku("A"), new AlertSample(T0, 100)));
        Assert.Equal(5, group.Value());
    }

    [Fact]
    public void A_forgotten_series_no_longer_counts()
    {
        var group = new GroupAggregator(GroupAggregation.Sum);
        group.Observe(Sku("A"), new AlertSample(T0, 5));
        group.Observe(Sku("B"), new AlertSample(T0, 7));

        Assert.True(group.Forget(Sku("A")));
        Assert.Equal(7, group.Value());
        Assert.True(group.Forget(Sku("B")));
        Assert.Null(group.Value());
    }

    [Fact]
    public void A_series_falls_in_the_group_of_its_group_by_dimensions()
    {
        Assert.Equal(new SeriesLabels([new("location_id", "berlin")]), AlertScope.GroupOf(["location_id"], Sku("A")));
        Assert.False((Rules.LowStock() with { GroupBy = ["location_id"] }).IsPerSeries(Sku("A")));
        Assert.True((Rules.LowStock() with { GroupBy = ["sku", "location_id"] }).IsPerSeries(Sku("A")));
    }

    [Fact]
    public void Filters_keep_only_series_matching_every_filter()
    {
        ImmutableArray<DimensionFilter> filters = [new DimensionFilter("location_id", ["berlin", "paris"]), new DimensionFilter("sku", ["A"])];

        Assert.True(AlertScope.Matches(filters, Sku("A", "paris")));
        Assert.False(AlertScope.Matches(filters, Sku("B", "paris")));
        Assert.False(AlertScope.Matches(filters, Sku("A", "rome")));
        Assert.True(AlertScope.Matches([], Sku("B", "rome")));
    }

    [Fact]
    public void A_location_fires_when_the_sum_over_its_skus_drops_below_the_threshold()
    {
        var rule = Rules.LowStock() with { GroupBy = ["location_id"], GroupAggregation = GroupAggregation.Sum };
        var evaluator = new AlertEvaluator(new AlertEvaluationOptions());
        var aggregator = new GroupAggregator(rule.GroupAggregation!.Value);
        var state = AlertGroupState.Start(AlertScope.GroupOf(rule.GroupBy, Sku("A")), T0);

        AlertState Feed(string sku, int minute, double value)
        {
            var at = T0.AddMinutes(minute);
            var sample = aggregator.Observe(Sku(sku), new AlertSample(at, value))!.Value;
            state = evaluator.Evaluate(rule, state, [sample], at).State;
            return state.State;
        }

        Assert.Equal(AlertState.Inactive, Feed("A", 0, 12));
        Assert.Equal(AlertState.Inactive, Feed("B", 1, 6)); // sum 18
        Assert.Equal(AlertState.Firing, Feed("A", 2, 2)); // sum 8
        Assert.Equal(8, state.Incident!.TriggeringValue);
    }
}
