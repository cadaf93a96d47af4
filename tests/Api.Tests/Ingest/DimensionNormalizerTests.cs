using System.Collections.Immutable;
using Telemetry.Api.Ingest;
using Telemetry.Schema;
using Telemetry.Series;
using Xunit;

namespace Telemetry.Api.Tests.Ingest;

public sealed class DimensionNormalizerTests
{
    private const string Metric = "inventory.on_hand";
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Drop_removes_the_key()
    {
        var rules = Rules(Drop("pod"));

        var result = DimensionNormalizer.Apply(rules, Metric, Labels(("pod", "p-1"), ("sku", "A")));

        Assert.Equal(Labels(("sku", "A")), result);
    }

    [Fact]
    public void Alias_renames_the_key()
    {
        var rules = Rules(Alias("warehouse_id", "location_id"));

        var result = DimensionNormalizer.Apply(rules, Metric, Labels(("warehouse_id", "w1"), ("sku", "A")));

        Assert.Equal(Labels(("location_id", "w1"), ("sku", "A")), result);
    }

    [Fact]
    public void Alias_onto_a_present_target_keeps_the_target_and_removes_the_alias_key()
    {
        var rules = Rules(Alias("warehouse_id", "location_id"));

        var result = DimensionNormalizer.Apply(rules, Metric, Labels(("warehouse_id", "w1"), ("location_id", "loc-7")));

        Assert.Equal(Labels(("location_id", "loc-7")), result);
    }

    [Theory]
    [InlineData(ValueTransform.Trim, "  Loc-1 ", "Loc-1")]
    [InlineData(ValueTransform.Lowercase, "Loc-1", "loc-1")]
    [InlineData(ValueTransform.Uppercase, "Loc-1", "LOC-1")]
    [InlineData(ValueTransform.Trim | ValueTransform.Lowercase, "  Loc-1 ", "loc-1")]
    [InlineData(ValueTransform.Trim | ValueTransform.Uppercase, " loc-1\t", "LOC-1")]
    public void Value_transforms_apply_to_their_key(ValueTransform transforms, string value, string expected)
    {
        var rules = Rules(Value("location_id", transforms));

        var result = DimensionNormalizer.Apply(rules, Metric, Labels(("location_id", value), ("sku", " Keep ")));

        Assert.Equal(Labels(("location_id", expected), ("sku", " Keep ")), result);
    }

    [Fact]
    public void A_star_value_rule_applies_to_every_key()
    {
        var rules = Rules(Value(DimensionNormalizer.EveryKey, ValueTransform.Trim | ValueTransform.Lowercase));

        var result = DimensionNormalizer.Apply(rules, Metric, Labels(("location_id", " LOC-1"), ("sku", "Sku-9 ")));

        Assert.Equal(Labels(("location_id", "loc-1"), ("sku", "sku-9")), result);
    }

    [Fact]
    public void A_metric_scoped_rule_applies_only_to_its_metrics()
    {
        var rules = Rules(Drop("pod", metrics: ["cpu.load", Metric]));
        var labels = Labels(("pod", "p-1"), ("sku", "A"));

        Assert.Equal(Labels(("sku", "A")), DimensionNormalizer.Apply(rules, Metric, labels));
        Assert.Equal(Labels(("sku", "A")), DimensionNormalizer.Apply(rules, "cpu.load", labels));
        Assert.Same(labels, DimensionNormalizer.Apply(rules, "orders.placed", labels));
    }

    [Fact]
    public void Drops_run_before_aliases_and_aliases_before_values_whatever_the_creation_order()
    {
        // Created value → alias → drop; applied drop → alias → value. Had the alias run first, the
        // drop of warehouse_id would have missed, and the lowercase on location_id would have missed
        // the renamed key had it run before the alias.
        var rules = Rules(
            Value("location_id", ValueTransform.Lowercase),
            Alias("warehouse_id", "location_id"),
            Drop("warehouse_id"));

        var dropped = DimensionNormalizer.Apply(rules, Metric, Labels(("warehouse_id", "W1"), ("sku", "A")));
        Assert.Equal(Labels(("sku", "A")), dropped);

        var aliasedThenLowered = DimensionNormalizer.Apply(
            Rules(Value("location_id", ValueTransform.Lowercase), Alias("site", "location_id")),
            Metric,
            Labels(("site", "LOC-1")));
        Assert.Equal(Labels(("location_id", "loc-1")), aliasedThenLowered);
    }

    [Fact]
    public void A_value_emptied_by_trim_removes_its_key()
    {
        var rules = Rules(Value("location_id", ValueTransform.Trim));

        var result = DimensionNormalizer.Apply(rules, Metric, Labels(("location_id", "   "), ("sku", "A")));

        Assert.Equal(Labels(("sku", "A")), result);
    }

    [Fact]
    public void Labels_the_rules_leave_alone_come_back_as_the_same_instance()
    {
        var labels = Labels(("location_id", "loc-1"), ("sku", "a"));

        Assert.Same(labels, DimensionNormalizer.Apply(NormalizationRuleSet.Empty, Metric, labels));
        Assert.Same(labels, DimensionNormalizer.Apply(
            Rules(Drop("pod"), Alias("site", "location_id"), Value("*", ValueTransform.Trim | ValueTransform.Lowercase)), Metric, labels));
    }

    [Fact]
    public void Two_spellings_of_one_series_become_equal_labels_with_the_same_hash()
    {
        var rules = Rules(
            Drop("pod"),
            Alias("warehouse_id", "location_id"),
            Value("*", ValueTransform.Trim | ValueTransform.Lowercase));

        var first = DimensionNormalizer.Apply(rules, Metric, Labels(("warehouse_id", " LOC-1 "), ("sku", "SKU-9"), ("pod", "p-1")));
        var second = DimensionNormalizer.Apply(rules, Metric, Labels(("location_id", "loc-1"), ("sku", "sku-9 ")));

        Assert.Equal(first, second);
        Assert.Equal(first.Hash, second.Hash);
        Assert.Equal(Labels(("location_id", "loc-1"), ("sku", "sku-9")).Hash, first.Hash);
    }

    private static SeriesLabels Labels(params (string Key, string Value)[] pairs) =>
        new(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)));

    private static NormalizationRuleSet Rules(params NormalizationRule[] rules) =>
        new(1, [.. rules.Select((r, i) => r with { Id = $"rule_{i}", CreatedAt = Now.AddMinutes(i) })]);

    private static NormalizationRule Drop(string key, ImmutableArray<string> metrics = default) =>
        new("", NormalizationKind.Drop, key, null, ValueTransform.None, metrics.IsDefault ? [] : metrics, Now, "tests");

    private static NormalizationRule Alias(string key, string target) =>
        new("", NormalizationKind.Alias, key, target, ValueTransform.None, [], Now, "tests");

    private static NormalizationRule Value(string key, ValueTransform transforms) =>
        new("", NormalizationKind.Value, key, null, transforms, [], Now, "tests");
}
