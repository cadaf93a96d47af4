using System.Collections.Immutable;
using Telemetry.Alerts;
using Telemetry.Series;
using Telemetry.Streams;
using Xunit;

namespace Telemetry.Tests.Streams;

public sealed class StreamMatcherTests
{
    private static readonly SeriesLabels Labels = new([new("sku", "SKU-1"), new("location_id", "loc_2")]);

    [Fact]
    public void A_series_matches_when_every_listed_key_has_one_of_its_values()
    {
        Assert.True(StreamMatcher.MatchesSeries(Filter(), Labels));
        Assert.True(StreamMatcher.MatchesSeries(Filter(("location_id", ["loc_1", "loc_2"])), Labels));
        Assert.True(StreamMatcher.MatchesSeries(Filter(("location_id", ["loc_2"]), ("sku", ["SKU-1", "SKU-9"])), Labels));
        Assert.False(StreamMatcher.MatchesSeries(Filter(("location_id", ["loc_1"])), Labels));
        Assert.False(StreamMatcher.MatchesSeries(Filter(("zone", ["a"])), Labels));
        Assert.False(StreamMatcher.MatchesSeries(Filter(("location_id", ["LOC_2"])), Labels));
    }

    [Theory]
    [InlineData(ComparisonOperator.LessThan, 9.99, true)]
    [InlineData(ComparisonOperator.LessThan, 10, false)]
    [InlineData(ComparisonOperator.LessThanOrEqual, 10, true)]
    [InlineData(ComparisonOperator.GreaterThan, 10.01, true)]
    [InlineData(ComparisonOperator.GreaterThanOrEqual, 9.99, false)]
    [InlineData(ComparisonOperator.Equal, 10, true)]
    [InlineData(ComparisonOperator.NotEqual, 10, false)]
    public void The_condition_compares_the_value_with_the_threshold(ComparisonOperator op, double value, bool holds) =>
        Assert.Equal(holds, StreamMatcher.Holds(Filter() with { Condition = op, Threshold = 10 }, value));

    [Fact]
    public void Without_a_condition_every_value_holds() =>
        Assert.True(StreamMatcher.Holds(Filter(), double.MinValue));

    [Theory]
    [InlineData("<", ComparisonOperator.LessThan)]
    [InlineData("lte", ComparisonOperator.LessThanOrEqual)]
    [InlineData(" > ", ComparisonOperator.GreaterThan)]
    [InlineData("GTE", ComparisonOperator.GreaterThanOrEqual)]
    [InlineData("==", ComparisonOperator.Equal)]
    [InlineData("ne", ComparisonOperator.NotEqual)]
    public void Conditions_parse_from_symbols_and_names_and_print_as_symbols(string text, ComparisonOperator op)
    {
        Assert.True(StreamConditionText.TryParse(text, out var parsed));
        Assert.Equal(op, parsed);
        Assert.True(StreamConditionText.TryParse(StreamConditionText.Format(op), out var again));
        Assert.Equal(op, again);
    }

    [Fact]
    public void Unknown_conditions_do_not_parse()
    {
        Assert.False(StreamConditionText.TryParse("~", out _));
        Assert.False(StreamConditionText.TryParse(null, out _));
    }

    private static StreamFilter Filter(params (string Key, string[] Values)[] dimensions) =>
        new("inventory.on_hand", null, null, dimensions.ToImmutableSortedDictionary(d => d.Key, d => d.Values.ToImmutableArray(), StringComparer.Ordinal));
}
