using Telemetry.Alerts;
using Telemetry.Ingest;
using Telemetry.Series;
using Telemetry.Tests.Alerts;
using Xunit;

namespace Telemetry.Tests.Ingest;

public sealed class AlertFastLaneTests
{
    private static readonly LoggedSeries Key = new("acme", "inventory.available", 1);

    private static readonly TenantAlertRules LowStock = new(new AlertRuleSet(1, [Definition(Rules.LowStock(recovery: 15))]));

    [Fact]
    public void A_breaching_batch_is_urgent_and_so_is_the_series_next_batch_its_recovery()
    {
        var lane = new AlertFastLane();

        Assert.False(lane.IsUrgent(Key, Batch(50, 40), LowStock));
        Assert.True(lane.IsUrgent(Key, Batch(40, 7), LowStock));
        Assert.True(lane.IsUrgent(Key, Batch(30), LowStock));
        Assert.False(lane.IsUrgent(Key, Batch(30), LowStock));
        Assert.Equal(0, lane.BreachingSeries);
    }

    [Fact]
    public void A_value_inside_the_recovery_band_still_counts_as_breaching()
    {
        var lane = new AlertFastLane();

        Assert.True(lane.IsUrgent(Key, Batch(12), LowStock));
        Assert.Equal(1, lane.BreachingSeries);
    }

    [Fact]
    public void Other_metrics_filtered_out_series_coarser_groups_and_unloaded_tenants_are_not_urgent()
    {
        var lane = new AlertFastLane();
        var filtered = new TenantAlertRules(new AlertRuleSet(1, [Definition(Rules.LowStock() with { Filters = [new DimensionFilter("location_id", ["paris"])] })]));
        var perLocation = new TenantAlertRules(new AlertRuleSet(1, [Definition(Rules.LowStock() with { GroupBy = ["location_id"] })]));

        Assert.False(lane.IsUrgent(Key, Batch(1) with { Metric = "inventory.reserved" }, LowStock));
        Assert.False(lane.IsUrgent(Key, Batch(1), filtered));
        Assert.False(lane.IsUrgent(Key, Batch(1), perLocation));
        Assert.False(lane.IsUrgent(Key, Batch(1), null));
    }

    private static AlertDefinition Definition(AlertRule rule) => new(rule, [], DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    private static SeriesBatch Batch(params double[] values) => new(
        "acme", "inventory.available", MetricType.Gauge, Rules.SkuAtLocation,
        [.. values.Select((_, i) => DateTimeOffset.UnixEpoch.AddMinutes(i).UtcTicks)], [.. values]);
}
