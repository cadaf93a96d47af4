using System.Collections.Immutable;
using Telemetry.Schema;
using Telemetry.Series;
using Telemetry.Tenancy;
using Telemetry.Tests.Cluster;
using Xunit;
using static Telemetry.Tests.Cluster.Samples;

namespace Telemetry.Tests.Schema;

/// <summary>
/// <see cref="IMetricGrain.AdmitAsync"/>: every rule that admits, folds or refuses a new series, each test
/// on its own tenant and metric.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class MetricAdmissionTests(ClusterFixture fixture)
{
    private const string Metric = "inventory.on_hand";
    private const string Overflow = Telemetry.Series.MetricGrain.OverflowValue;

    private readonly string _tenant = "tenant-" + Guid.NewGuid().ToString("N");

    private IMetricGrain MetricGrain => fixture.Client.GetGrain<IMetricGrain>(SeriesKey.ForMetric(_tenant, Metric));

    private ITenantGrain TenantGrain => fixture.Client.GetGrain<ITenantGrain>(_tenant);

    [Fact]
    public async Task A_lenient_first_write_registers_an_observed_schema()
    {
        var result = await AdmitAsync(Lenient(), Labels(("sku", "a"), ("location_id", "l1")));

        Assert.True(Assert.Single(result.Verdicts).Admitted);
        var schema = await MetricGrain.GetSchemaAsync(null);
        Assert.NotNull(schema);
        AssertSameSchema(result.Schema!, schema);
        Assert.Equal(SchemaOrigin.Observed, schema.Origin);
        Assert.Equal(1, schema.Version);
        Assert.Equal(MetricType.Gauge, schema.Type);
        Assert.Equal(new[] { "location_id", "sku" }, schema.Dimensions);
        Assert.Equal(new[] { Metric }, await TenantGrain.ListMetricsAsync());
        Assert.Single(await MetricGrain.FindSeriesAsync([]));
    }

    [Fact]
    public async Task A_lenient_write_with_new_keys_extends_the_observed_schema()
    {
        await AdmitAsync(Lenient(), Labels(("sku", "a")));

        var result = await AdmitAsync(Lenient(), Labels(("sku", "b"), ("zone", "z1")));

        Assert.True(Assert.Single(result.Verdicts).Admitted);
        Assert.Equal(2, result.Schema!.Version);
        Assert.Equal(new[] { "sku", "zone" }, result.Schema.Dimensions);
        Assert.Equal(new[] { 1, 2 }, (await MetricGrain.GetSchemaVersionsAsync()).Select(s => s.Version));
    }

    [Fact]
    public async Task Strict_refuses_an_unknown_metric_and_registers_nothing()
    {
        var result = await AdmitAsync(Strict(), Labels(("sku", "a")), Labels(("sku", "b")));

        Assert.Null(result.Schema);
        Assert.All(result.Verdicts, v => Assert.Equal("unknown_metric", v.RejectCode));
        Assert.Null(await MetricGrain.GetSchemaAsync(null));
        Assert.Empty(await MetricGrain.FindSeriesAsync([]));
        Assert.Empty(await TenantGrain.ListMetricsAsync());
    }

    [Fact]
    public async Task Strict_refuses_undeclared_dimensions_and_admits_declared_ones()
    {
        await RegisterAsync(MetricType.Gauge, "location_id", "sku");

        var result = await AdmitAsync(Strict(), Labels(("sku", "a"), ("location_id", "l1")), Labels(("sku", "b"), ("pod", "p-1")));

        Assert.True(result.Verdicts[0].Admitted);
        Assert.Equal("undeclared_dimension", result.Verdicts[1].RejectCode);
        Assert.Contains("'pod'", result.Verdicts[1].RejectMessage);
        Assert.Single(await MetricGrain.FindSeriesAsync([]));
        Assert.Equal(1, (await MetricGrain.GetSchemaAsync(null))!.Version);
    }

    [Fact]
    public async Task The_schema_mode_overrides_the_tenant_mode()
    {
        await MetricGrain.RegisterSchemaAsync(new SchemaDraft(MetricType.Gauge, Dimensions: ImmutableArray.Create("sku"), Mode: EnforcementMode.Strict), "alice");

        var result = await AdmitAsync(Lenient(), Labels(("sku", "a"), ("pod", "p-1")));

        Assert.Equal("undeclared_dimension", Assert.Single(result.Verdicts).RejectCode);
    }

    [Fact]
    public async Task A_sample_of_another_type_is_a_type_conflict()
    {
        await AdmitAsync(Lenient(), Labels(("sku", "a")));

        var result = await MetricGrain.AdmitAsync(MetricType.Counter, [Labels(("sku", "a")), Labels(("sku", "b"))], Lenient(), dryRun: false);

        Assert.All(result.Verdicts, v => Assert.Equal("type_conflict", v.RejectCode));
        Assert.Equal(MetricType.Gauge, result.Schema!.Type);
        Assert.Single(await MetricGrain.FindSeriesAsync([]));
    }

    [Fact]
    public async Task A_deprecated_metric_refuses_new_and_known_series()
    {
        await AdmitAsync(Lenient(), Labels(("sku", "a")));
        await MetricGrain.DeprecateAsync("alice");

        var result = await AdmitAsync(Lenient(), Labels(("sku", "a")), Labels(("sku", "b")));

        Assert.All(result.Verdicts, v => Assert.Equal("metric_deprecated", v.RejectCode));
        Assert.True(result.Schema!.Deprecated);
    }

    [Fact]
    public async Task Past_the_metric_limit_new_series_are_refused_and_known_ones_still_admitted()
    {
        var first = await AdmitAsync(Lenient(maxPerMetric: 5), [.. Skus(0, 8)]);

        Assert.Equal(5, first.Verdicts.Count(v => v.Admitted));
        Assert.All(first.Verdicts.Skip(5), v => Assert.Equal("cardinality_limit", v.RejectCode));
        Assert.All(first.Verdicts.Take(5), v => Assert.True(v.Admitted));

        var again = await AdmitAsync(Lenient(maxPerMetric: 5), Labels(("sku", "sku-0")), Labels(("sku", "sku-9")));

        Assert.True(again.Verdicts[0].Admitted);
        Assert.Equal("cardinality_limit", again.Verdicts[1].RejectCode);
        var status = await MetricGrain.GetStatusAsync(Lenient(maxPerMetric: 5));
        Assert.Equal(5, status.SeriesCount);
        Assert.Equal(5, status.SeriesLimit);
        Assert.Equal(4, status.RejectedSeries);
    }

    [Fact]
    public async Task A_series_offered_twice_in_one_call_counts_once()
    {
        var result = await AdmitAsync(Lenient(maxPerMetric: 2), Labels(("sku", "a")), Labels(("sku", "a")), Labels(("sku", "b")));

        Assert.All(result.Verdicts, v => Assert.True(v.Admitted));
        Assert.Equal(2, (await MetricGrain.FindSeriesAsync([])).Length);
        Assert.Equal(2, (await TenantGrain.GetCardinalityAsync()).SeriesCount);
    }

    [Fact]
    public async Task The_schema_limit_wins_over_the_tenant_metric_limit()
    {
        await MetricGrain.RegisterSchemaAsync(new SchemaDraft(MetricType.Gauge, Dimensions: ImmutableArray.Create("sku"), MaxSeries: 2), "alice");

        var result = await AdmitAsync(Lenient(maxPerMetric: 100), [.. Skus(0, 3)]);

        Assert.Equal(new string?[] { null, null, "cardinality_limit" }, result.Verdicts.Select(v => v.RejectCode));
    }

    [Fact]
    public async Task Past_the_limit_an_overflow_dimension_folds_new_series_up_to_the_allowance()
    {
        // Limit 20, allowance 10 % → at most 22 series: the 20 admitted plus two __overflow__ series.
        await MetricGrain.RegisterSchemaAsync(
            new SchemaDraft(MetricType.Gauge, Dimensions: ImmutableArray.Create("location_id", "sku"), OverflowDimension: "sku"), "alice");
        var settings = Strict(maxPerMetric: 20);
        var filled = await AdmitAsync(settings, [.. Enumerable.Range(0, 20).Select(i => Labels(("sku", $"sku-{i}"), ("location_id", "l0")))]);
        Assert.All(filled.Verdicts, v => Assert.True(v.Admitted));
        Assert.DoesNotContain(filled.Verdicts, v => v.Labels!["sku"] == Overflow);

        var result = await AdmitAsync(
            settings,
            Labels(("sku", "new-1"), ("location_id", "l1")),
            Labels(("sku", "new-2"), ("location_id", "l1")),
            Labels(("sku", "new-3"), ("location_id", "l2")),
            Labels(("sku", "new-4"), ("location_id", "l3")),
            Labels(("sku", "sku-3"), ("location_id", "l0")));

        var overflowL1 = Labels(("sku", Overflow), ("location_id", "l1"));
        var overflowL2 = Labels(("sku", Overflow), ("location_id", "l2"));
        Assert.Equal(overflowL1, result.Verdicts[0].Labels);
        Assert.Equal(overflowL1, result.Verdicts[1].Labels);
        Assert.Equal(overflowL2, result.Verdicts[2].Labels);
        Assert.Equal("cardinality_limit", result.Verdicts[3].RejectCode);
        Assert.Equal(Labels(("sku", "sku-3"), ("location_id", "l0")), result.Verdicts[4].Labels);
        Assert.Equal(22, (await MetricGrain.FindSeriesAsync([])).Length);

        // Past the allowance an existing __overflow__ series still takes what folds into it.
        var later = await AdmitAsync(settings, Labels(("sku", "new-5"), ("location_id", "l2")), Labels(("sku", "new-6"), ("location_id", "l4")));
        Assert.Equal(overflowL2, later.Verdicts[0].Labels);
        Assert.Equal("cardinality_limit", later.Verdicts[1].RejectCode);
        Assert.Equal(22, (await MetricGrain.FindSeriesAsync([])).Length);
    }

    [Fact]
    public async Task Without_an_overflow_dimension_value_a_series_past_the_limit_is_refused()
    {
        await MetricGrain.RegisterSchemaAsync(
            new SchemaDraft(MetricType.Gauge, Dimensions: ImmutableArray.Create("location_id", "sku"), OverflowDimension: "sku"), "alice");
        await AdmitAsync(Strict(maxPerMetric: 10), [.. Skus(0, 10)]);

        var result = await AdmitAsync(Strict(maxPerMetric: 10), Labels(("location_id", "l9")));

        Assert.Equal("cardinality_limit", Assert.Single(result.Verdicts).RejectCode);
    }

    [Fact]
    public async Task The_tenant_limit_is_shared_by_its_metrics()
    {
        await TenantGrain.SetLimitsAsync(maxSeriesPerTenant: 3, maxSeriesPerMetric: null);
        var other = fixture.Client.GetGrain<IMetricGrain>(SeriesKey.ForMetric(_tenant, "orders.placed"));

        var first = await AdmitAsync(Lenient(), [.. Skus(0, 2)]);
        var second = await other.AdmitAsync(MetricType.Gauge, [.. Skus(0, 2)], Lenient(), dryRun: false);

        Assert.All(first.Verdicts, v => Assert.True(v.Admitted));
        Assert.True(second.Verdicts[0].Admitted);
        Assert.Equal("cardinality_limit", second.Verdicts[1].RejectCode);
        Assert.Contains("Tenant", second.Verdicts[1].RejectMessage);
        Assert.Single(await other.FindSeriesAsync([]));
        Assert.Equal(new TenantCardinality(3, 3, 1), await TenantGrain.GetCardinalityAsync());
    }

    [Fact]
    public async Task A_dry_run_judges_but_leaves_no_trace()
    {
        var result = await AdmitAsync(Lenient(), dryRun: true, Labels(("sku", "a")), Labels(("sku", "b")));

        Assert.All(result.Verdicts, v => Assert.True(v.Admitted));
        Assert.Equal(SchemaOrigin.Observed, result.Schema!.Origin);
        Assert.Null(await MetricGrain.GetSchemaAsync(null));
        Assert.Empty(await MetricGrain.GetSchemaVersionsAsync());
        Assert.Empty(await MetricGrain.FindSeriesAsync([]));
        Assert.Null(await MetricGrain.GetMetricTypeAsync());
        Assert.Empty(await TenantGrain.ListMetricsAsync());
        Assert.Equal(0, (await TenantGrain.GetCardinalityAsync()).SeriesCount);
        var status = await MetricGrain.GetStatusAsync(Lenient());
        Assert.Empty(status.Dimensions);
        Assert.Equal(0, status.SeriesCount);
    }

    [Fact]
    public async Task A_dry_run_at_the_limit_refuses_without_counting_the_refusal()
    {
        await AdmitAsync(Lenient(maxPerMetric: 1), Labels(("sku", "a")));

        var result = await AdmitAsync(Lenient(maxPerMetric: 1), dryRun: true, Labels(("sku", "a")), Labels(("sku", "b"), ("zone", "z")));

        Assert.True(result.Verdicts[0].Admitted);
        Assert.Equal("cardinality_limit", result.Verdicts[1].RejectCode);
        Assert.Equal(0, (await MetricGrain.GetStatusAsync(Lenient(maxPerMetric: 1))).RejectedSeries);
        Assert.Equal(1, (await MetricGrain.GetSchemaAsync(null))!.Version);
    }

    [Fact]
    public async Task A_dry_run_sees_the_tenant_limit_without_reserving()
    {
        await TenantGrain.SetLimitsAsync(maxSeriesPerTenant: 1, maxSeriesPerMetric: null);

        var result = await AdmitAsync(Lenient(), dryRun: true, Labels(("sku", "a")), Labels(("sku", "b")));

        Assert.True(result.Verdicts[0].Admitted);
        Assert.Equal("cardinality_limit", result.Verdicts[1].RejectCode);
        Assert.Equal(new TenantCardinality(0, 1, 0), await TenantGrain.GetCardinalityAsync());
    }

    [Fact]
    public async Task Status_estimates_distinct_values_of_every_offered_series()
    {
        // 1,000 distinct skus offered, 100 admitted: the sketch counts what was offered.
        for (var start = 0; start < 1_000; start += 250)
        {
            await AdmitAsync(Lenient(maxPerMetric: 100), [.. Enumerable.Range(start, 250).Select(i => Labels(("sku", $"sku-{i}"), ("location_id", "l1")))]);
        }

        var status = await MetricGrain.GetStatusAsync(Lenient(maxPerMetric: 100));

        Assert.Equal(new[] { "location_id", "sku" }, status.Dimensions.Select(d => d.Key));
        Assert.Equal(1, status.Dimensions[0].DistinctEstimate);
        Assert.Equal(new[] { "l1" }, status.Dimensions[0].SampleValues);
        Assert.InRange(status.Dimensions[1].DistinctEstimate, 950, 1_050);
        Assert.Equal(10, status.Dimensions[1].SampleValues.Length);
        Assert.Equal(100, status.SeriesCount);
        Assert.Equal(900, status.RejectedSeries);
    }

    [Fact]
    public async Task Status_warns_from_eighty_percent_of_the_limit()
    {
        var settings = Lenient(maxPerMetric: 10);
        await AdmitAsync(settings, [.. Skus(0, 7)]);

        var below = await MetricGrain.GetStatusAsync(settings);
        await AdmitAsync(settings, Labels(("sku", "sku-7")));
        var at = await MetricGrain.GetStatusAsync(settings);

        Assert.Empty(below.Warnings);
        Assert.Equal(7, below.SeriesCount);
        Assert.Contains(at.Warnings, w => w.Contains("80%") && w.Contains("limit of 10"));
        Assert.Equal(8, at.SeriesCount);
    }

    [Fact]
    public async Task Status_warns_about_refusals_and_deprecation()
    {
        await AdmitAsync(Lenient(maxPerMetric: 1), Labels(("sku", "a")), Labels(("sku", "b")));
        await MetricGrain.DeprecateAsync("alice");

        var status = await MetricGrain.GetStatusAsync(Lenient(maxPerMetric: 1));

        Assert.Contains(status.Warnings, w => w.Contains("100%"));
        Assert.Contains(status.Warnings, w => w.Contains("1 new series were refused"));
        Assert.Contains(status.Warnings, w => w.Contains("deprecated"));
    }

    [Fact]
    public async Task Every_schema_change_is_a_readable_version()
    {
        var created = await RegisterAsync(MetricType.Gauge, "sku");
        var updated = await MetricGrain.UpdateSchemaAsync(new SchemaDraft(Unit: "items", Dimensions: ImmutableArray.Create("sku", "location_id")), "bob");
        var unchanged = await MetricGrain.UpdateSchemaAsync(new SchemaDraft(Unit: "items"), "bob");
        var conflict = await MetricGrain.UpdateSchemaAsync(new SchemaDraft(MetricType.Counter), "bob");
        var deprecated = await MetricGrain.DeprecateAsync("carol");

        Assert.Equal(SchemaChangeOutcome.Created, created.Outcome);
        Assert.Equal(SchemaChangeOutcome.Updated, updated.Outcome);
        Assert.Equal(SchemaChangeOutcome.Unchanged, unchanged.Outcome);
        Assert.Equal(SchemaChangeOutcome.Conflict, conflict.Outcome);
        Assert.Equal(SchemaChangeOutcome.Updated, deprecated.Outcome);

        var versions = await MetricGrain.GetSchemaVersionsAsync();
        Assert.Equal(new[] { 1, 2, 3 }, versions.Select(v => v.Version));
        Assert.Equal(new[] { "alice", "bob", "carol" }, versions.Select(v => v.ChangedBy));
        Assert.Equal(new[] { "location_id", "sku" }, (await MetricGrain.GetSchemaAsync(2))!.Dimensions);
        Assert.Equal(new[] { "sku" }, (await MetricGrain.GetSchemaAsync(1))!.Dimensions);
        Assert.True((await MetricGrain.GetSchemaAsync(null))!.Deprecated);
        Assert.Null(await MetricGrain.GetSchemaAsync(4));
        Assert.Equal(new[] { Metric }, await TenantGrain.ListMetricsAsync());
    }

    [Fact]
    public async Task Registering_again_is_AlreadyExists_and_adds_no_version()
    {
        await RegisterAsync(MetricType.Gauge, "sku");

        var again = await RegisterAsync(MetricType.Gauge, "sku");

        Assert.Equal(SchemaChangeOutcome.AlreadyExists, again.Outcome);
        Assert.Single(await MetricGrain.GetSchemaVersionsAsync());
    }

    [Fact]
    public async Task Dropping_a_dimension_that_stored_series_carry_needs_force()
    {
        await RegisterAsync(MetricType.Gauge, "location_id", "sku", "zone");
        await AdmitAsync(Strict(), Labels(("sku", "a"), ("location_id", "l1")));

        var dropZone = await MetricGrain.UpdateSchemaAsync(new SchemaDraft(Dimensions: ImmutableArray.Create("location_id", "sku")), "bob");
        var dropLocation = await MetricGrain.UpdateSchemaAsync(new SchemaDraft(Dimensions: ImmutableArray.Create("sku")), "bob");
        var forced = await MetricGrain.UpdateSchemaAsync(new SchemaDraft(Dimensions: ImmutableArray.Create("sku"), Force: true), "bob");

        Assert.Equal(SchemaChangeOutcome.Updated, dropZone.Outcome);
        Assert.Equal(SchemaChangeOutcome.Conflict, dropLocation.Outcome);
        Assert.Equal(SchemaChangeOutcome.Updated, forced.Outcome);
        Assert.Equal(3, (await MetricGrain.GetSchemaAsync(null))!.Version);
    }

    [Fact]
    public async Task Series_schema_sketches_and_refusals_survive_deactivation()
    {
        var settings = Lenient(maxPerMetric: 3);
        await AdmitAsync(settings, [.. Skus(0, 3)]);
        await MetricGrain.UpdateSchemaAsync(new SchemaDraft(Unit: "items"), "bob");
        // Refusals change no series: only the sketches become dirty, written on deactivation at the latest.
        await AdmitAsync(settings, [.. Skus(3, 50)]);
        var before = await MetricGrain.GetStatusAsync(settings);

        await fixture.Cluster.DeactivateAsync(MetricGrain);

        var after = await MetricGrain.GetStatusAsync(settings);
        Assert.Equal(3, after.SeriesCount);
        Assert.Equal(47, after.RejectedSeries);
        AssertSameSchema(before.Schema!, after.Schema!);
        Assert.Equal(before.Dimensions.Single().DistinctEstimate, after.Dimensions.Single().DistinctEstimate);
        Assert.InRange(after.Dimensions.Single().DistinctEstimate, 48, 52);
        Assert.Equal(before.Dimensions.Single().SampleValues.AsEnumerable(), after.Dimensions.Single().SampleValues.AsEnumerable());
        Assert.Equal(new[] { 1, 2 }, (await MetricGrain.GetSchemaVersionsAsync()).Select(v => v.Version));
        Assert.Equal(3, (await MetricGrain.FindSeriesAsync([])).Length);
        Assert.Equal(2, (await MetricGrain.FindSeriesAsync([new DimensionFilter("sku", ["sku-0", "sku-2", "sku-7"])])).Length);

        var again = await AdmitAsync(settings, Labels(("sku", "sku-1")), Labels(("sku", "sku-99")));
        Assert.True(again.Verdicts[0].Admitted);
        Assert.Equal("cardinality_limit", again.Verdicts[1].RejectCode);
    }

    /// <summary>Schemas compare by content: a record compares its ImmutableArray by reference, which a grain call copies.</summary>
    private static void AssertSameSchema(MetricSchema expected, MetricSchema actual)
    {
        Assert.Equal(expected.Dimensions.AsEnumerable(), actual.Dimensions.AsEnumerable());
        Assert.Equal(expected, actual with { Dimensions = expected.Dimensions });
    }

    private static TenantSettings Lenient(int? maxPerMetric = null) => new(EnforcementMode.Lenient, null, maxPerMetric, 0);

    private static TenantSettings Strict(int? maxPerMetric = null) => new(EnforcementMode.Strict, null, maxPerMetric, 0);

    private static IEnumerable<SeriesLabels> Skus(int from, int toExclusive) =>
        Enumerable.Range(from, toExclusive - from).Select(i => Labels(("sku", $"sku-{i}")));

    private Task<AdmissionResult> AdmitAsync(TenantSettings settings, params SeriesLabels[] candidates) =>
        AdmitAsync(settings, dryRun: false, candidates);

    private Task<AdmissionResult> AdmitAsync(TenantSettings settings, bool dryRun, params SeriesLabels[] candidates) =>
        MetricGrain.AdmitAsync(MetricType.Gauge, [.. candidates], settings, dryRun);

    private Task<SchemaChangeResult> RegisterAsync(MetricType type, params string[] dimensions) =>
        MetricGrain.RegisterSchemaAsync(new SchemaDraft(type, Dimensions: [.. dimensions]), "alice");
}
