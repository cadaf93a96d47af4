using System.Collections.Immutable;
using Telemetry.Schema;
using Telemetry.Series;
using Xunit;

namespace Telemetry.Tests.Schema;

public sealed class SchemaEvolutionTests
{
    private const string Metric = "inventory.on_hand";
    private static readonly DateTimeOffset Then = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Then.AddHours(1);
    private static readonly HashSet<string> NoData = [];

    [Fact]
    public void Registering_needs_a_type()
    {
        var result = SchemaEvolution.Register(null, new SchemaDraft(Dimensions: Dims("sku")), Metric, NoData, "alice", Now);

        Assert.Equal(SchemaChangeOutcome.Invalid, result.Outcome);
        Assert.Equal("invalid_schema", result.Code);
        Assert.Null(result.Schema);
    }

    [Fact]
    public void Registering_creates_version_one_with_sorted_dimensions()
    {
        var result = SchemaEvolution.Register(
            null, new SchemaDraft(MetricType.Gauge, "items", Dims("sku", "location_id", "sku")), Metric, NoData, "alice", Now);

        Assert.Equal(SchemaChangeOutcome.Created, result.Outcome);
        var schema = result.Schema!;
        Assert.Equal(1, schema.Version);
        Assert.Equal(Metric, schema.Name);
        Assert.Equal(MetricType.Gauge, schema.Type);
        Assert.Equal("items", schema.Unit);
        Assert.Equal(new[] { "location_id", "sku" }, schema.Dimensions);
        Assert.Equal(SchemaOrigin.Declared, schema.Origin);
        Assert.False(schema.Deprecated);
        Assert.Equal(0, schema.TypeEpoch);
        Assert.Equal("alice", schema.ChangedBy);
        Assert.Equal(Now, schema.ChangedAt);
    }

    [Fact]
    public void Registering_a_declared_metric_again_is_AlreadyExists()
    {
        var current = Declared(MetricType.Gauge, "sku");

        var result = SchemaEvolution.Register(current, new SchemaDraft(MetricType.Gauge, Dimensions: Dims("sku")), Metric, NoData, "bob", Now);

        Assert.Equal(SchemaChangeOutcome.AlreadyExists, result.Outcome);
        Assert.Equal("schema_exists", result.Code);
        Assert.Same(current, result.Schema);
    }

    [Fact]
    public void Registering_over_an_observed_schema_declares_it()
    {
        var observed = SchemaEvolution.Observed(Metric, MetricType.Gauge, ["sku"], Then);

        var result = SchemaEvolution.Register(observed, new SchemaDraft(MetricType.Gauge, Dimensions: Dims("sku")), Metric, Keys("sku"), "alice", Now);

        Assert.Equal(SchemaChangeOutcome.Updated, result.Outcome);
        Assert.Equal(SchemaOrigin.Declared, result.Schema!.Origin);
        Assert.Equal(2, result.Schema.Version);
        Assert.Equal("alice", result.Schema.ChangedBy);
        Assert.Same(observed, result.Previous);
    }

    [Fact]
    public void Registering_over_an_observed_schema_with_more_detail_declares_it_with_that_detail()
    {
        var observed = SchemaEvolution.Observed(Metric, MetricType.Gauge, ["sku"], Then);

        var result = SchemaEvolution.Register(
            observed, new SchemaDraft(MetricType.Gauge, "items", Dims("sku", "location_id")), Metric, Keys("sku"), "alice", Now);

        Assert.Equal(SchemaChangeOutcome.Updated, result.Outcome);
        Assert.Equal(SchemaOrigin.Declared, result.Schema!.Origin);
        Assert.Equal(new[] { "location_id", "sku" }, result.Schema.Dimensions);
        Assert.Equal("items", result.Schema.Unit);
        Assert.Equal(2, result.Schema.Version);
    }

    [Fact]
    public void Registering_over_an_observed_schema_keeps_the_compatibility_rules()
    {
        var observed = SchemaEvolution.Observed(Metric, MetricType.Gauge, ["sku"], Then);

        var result = SchemaEvolution.Register(observed, new SchemaDraft(MetricType.Counter, Dimensions: Dims("sku")), Metric, Keys("sku"), "alice", Now);

        Assert.Equal(SchemaChangeOutcome.Conflict, result.Outcome);
        Assert.Equal("incompatible_change", result.Code);
    }

    [Fact]
    public void Registering_a_deprecated_metric_again_revives_it()
    {
        var deprecated = SchemaEvolution.Deprecate(Declared(MetricType.Gauge, "sku"), "alice", Then).Schema!;

        var result = SchemaEvolution.Register(deprecated, new SchemaDraft(MetricType.Gauge, Dimensions: Dims("sku")), Metric, Keys("sku"), "bob", Now);

        Assert.Equal(SchemaChangeOutcome.Updated, result.Outcome);
        Assert.False(result.Schema!.Deprecated);
        Assert.Equal(deprecated.Version + 1, result.Schema.Version);
    }

    [Fact]
    public void Changing_the_type_is_a_conflict_unless_forced()
    {
        var current = Declared(MetricType.Gauge, "sku");

        var refused = SchemaEvolution.Update(current, new SchemaDraft(MetricType.Counter), Keys("sku"), "bob", Now);
        var forced = SchemaEvolution.Update(current, new SchemaDraft(MetricType.Counter, Force: true), Keys("sku"), "bob", Now);

        Assert.Equal(SchemaChangeOutcome.Conflict, refused.Outcome);
        Assert.Equal("incompatible_change", refused.Code);
        Assert.Contains("force", refused.Message);
        Assert.Same(current, refused.Schema);

        Assert.Equal(SchemaChangeOutcome.Updated, forced.Outcome);
        Assert.Equal(MetricType.Counter, forced.Schema!.Type);
        Assert.Equal(current.TypeEpoch + 1, forced.Schema.TypeEpoch);
        Assert.Equal(current.Version + 1, forced.Schema.Version);
    }

    [Fact]
    public void Dropping_a_dimension_with_data_is_a_conflict_unless_forced()
    {
        var current = Declared(MetricType.Gauge, "location_id", "sku");

        var refused = SchemaEvolution.Update(current, new SchemaDraft(Dimensions: Dims("sku")), Keys("sku", "location_id"), "bob", Now);
        var forced = SchemaEvolution.Update(current, new SchemaDraft(Dimensions: Dims("sku"), Force: true), Keys("sku", "location_id"), "bob", Now);

        Assert.Equal(SchemaChangeOutcome.Conflict, refused.Outcome);
        Assert.Contains("'location_id'", refused.Message);
        Assert.Equal(SchemaChangeOutcome.Updated, forced.Outcome);
        Assert.Equal(new[] { "sku" }, forced.Schema!.Dimensions);
        Assert.Equal(current.TypeEpoch, forced.Schema.TypeEpoch);
    }

    [Fact]
    public void Dropping_a_dimension_without_data_is_compatible()
    {
        var current = Declared(MetricType.Gauge, "location_id", "sku");

        var result = SchemaEvolution.Update(current, new SchemaDraft(Dimensions: Dims("sku")), Keys("sku"), "bob", Now);

        Assert.Equal(SchemaChangeOutcome.Updated, result.Outcome);
        Assert.Equal(new[] { "sku" }, result.Schema!.Dimensions);
    }

    [Fact]
    public void Adding_dimensions_unit_and_notes_makes_the_next_version()
    {
        var current = Declared(MetricType.Gauge, "sku");

        var result = SchemaEvolution.Update(
            current, new SchemaDraft(Unit: "items", Dimensions: Dims("sku", "location_id"), Notes: "on-hand stock"), Keys("sku"), "bob", Now);

        Assert.Equal(SchemaChangeOutcome.Updated, result.Outcome);
        Assert.Same(current, result.Previous);
        var next = result.Schema!;
        Assert.Equal(current.Version + 1, next.Version);
        Assert.Equal(new[] { "location_id", "sku" }, next.Dimensions);
        Assert.Equal("items", next.Unit);
        Assert.Equal("on-hand stock", next.Notes);
        Assert.Equal(MetricType.Gauge, next.Type);
        Assert.Equal("bob", next.ChangedBy);
        Assert.Equal(Now, next.ChangedAt);
    }

    [Fact]
    public void The_same_content_is_Unchanged()
    {
        var current = Declared(MetricType.Gauge, "sku", "location_id");

        var result = SchemaEvolution.Update(
            current, new SchemaDraft(MetricType.Gauge, Dimensions: Dims("location_id", "sku")), Keys("sku"), "bob", Now);

        Assert.Equal(SchemaChangeOutcome.Unchanged, result.Outcome);
        Assert.Same(current, result.Schema);
    }

    [Fact]
    public void An_overflow_dimension_must_be_one_of_the_dimensions()
    {
        var current = Declared(MetricType.Gauge, "sku");

        var invalid = SchemaEvolution.Update(current, new SchemaDraft(OverflowDimension: "location_id"), NoData, "bob", Now);
        var valid = SchemaEvolution.Update(current, new SchemaDraft(OverflowDimension: "sku"), NoData, "bob", Now);

        Assert.Equal(SchemaChangeOutcome.Invalid, invalid.Outcome);
        Assert.Equal("invalid_schema", invalid.Code);
        Assert.Equal(SchemaChangeOutcome.Updated, valid.Outcome);
        Assert.Equal("sku", valid.Schema!.OverflowDimension);
    }

    [Fact]
    public void An_empty_overflow_dimension_clears_it()
    {
        var current = SchemaEvolution.Update(Declared(MetricType.Gauge, "sku"), new SchemaDraft(OverflowDimension: "sku"), NoData, "bob", Then).Schema!;

        var result = SchemaEvolution.Update(current, new SchemaDraft(OverflowDimension: ""), NoData, "bob", Now);

        Assert.Equal(SchemaChangeOutcome.Updated, result.Outcome);
        Assert.Null(result.Schema!.OverflowDimension);
    }

    [Theory]
    [InlineData("__reserved")]
    [InlineData("9lives")]
    [InlineData("has space")]
    public void Dimensions_must_be_valid_keys(string key)
    {
        var result = SchemaEvolution.Update(Declared(MetricType.Gauge, "sku"), new SchemaDraft(Dimensions: Dims("sku", key)), NoData, "bob", Now);

        Assert.Equal(SchemaChangeOutcome.Invalid, result.Outcome);
    }

    [Fact]
    public void Limits_and_retention_must_be_positive()
    {
        var current = Declared(MetricType.Gauge, "sku");

        Assert.Equal(SchemaChangeOutcome.Invalid, SchemaEvolution.Update(current, new SchemaDraft(MaxSeries: 0), NoData, "bob", Now).Outcome);
        Assert.Equal(SchemaChangeOutcome.Invalid, SchemaEvolution.Update(current, new SchemaDraft(RetentionDays: -1), NoData, "bob", Now).Outcome);
    }

    [Fact]
    public void Updating_or_deprecating_a_missing_metric_is_NotFound()
    {
        Assert.Equal(SchemaChangeOutcome.NotFound, SchemaEvolution.Update(null, new SchemaDraft(MetricType.Gauge), NoData, "bob", Now).Outcome);
        Assert.Equal(SchemaChangeOutcome.NotFound, SchemaEvolution.Deprecate(null, "bob", Now).Outcome);
    }

    [Fact]
    public void Deprecating_makes_a_deprecated_version_once()
    {
        var current = Declared(MetricType.Gauge, "sku");

        var first = SchemaEvolution.Deprecate(current, "bob", Now);
        var second = SchemaEvolution.Deprecate(first.Schema, "bob", Now.AddMinutes(1));

        Assert.Equal(SchemaChangeOutcome.Updated, first.Outcome);
        Assert.True(first.Schema!.Deprecated);
        Assert.Equal(current.Version + 1, first.Schema.Version);
        Assert.Same(current, first.Previous);
        Assert.Equal(SchemaChangeOutcome.Unchanged, second.Outcome);
        Assert.Same(first.Schema, second.Schema);
    }

    [Fact]
    public void Observed_is_version_one_with_the_distinct_keys_sorted()
    {
        var schema = SchemaEvolution.Observed(Metric, MetricType.Counter, ["sku", "location_id", "sku"], Now);

        Assert.Equal(1, schema.Version);
        Assert.Equal(SchemaOrigin.Observed, schema.Origin);
        Assert.Equal(MetricType.Counter, schema.Type);
        Assert.Equal(new[] { "location_id", "sku" }, schema.Dimensions);
        Assert.Equal("ingest", schema.ChangedBy);
        Assert.Equal(Now, schema.ChangedAt);
    }

    [Fact]
    public void Extend_adds_the_new_keys_in_the_next_version()
    {
        var observed = SchemaEvolution.Observed(Metric, MetricType.Gauge, ["sku"], Then);

        var extended = SchemaEvolution.Extend(observed, ["zone", "location_id", "sku"], Now);

        Assert.Equal(2, extended.Version);
        Assert.Equal(new[] { "location_id", "sku", "zone" }, extended.Dimensions);
        Assert.Equal(SchemaOrigin.Observed, extended.Origin);
        Assert.Equal(Now, extended.ChangedAt);
        Assert.Equal("ingest", extended.ChangedBy);
        Assert.Equal(MetricType.Gauge, extended.Type);
    }

    private static MetricSchema Declared(MetricType type, params string[] dimensions) =>
        SchemaEvolution.Register(null, new SchemaDraft(type, Dimensions: Dims(dimensions)), Metric, NoData, "alice", Then).Schema!;

    private static ImmutableArray<string> Dims(params string[] keys) => [.. keys];

    private static HashSet<string> Keys(params string[] keys) => [.. keys];
}
