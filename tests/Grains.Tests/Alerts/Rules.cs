using Telemetry.Alerts;
using Telemetry.Series;

namespace Telemetry.Tests.Alerts;

/// <summary>The low-stock rule of docs/alerting.md, to vary per test.</summary>
internal static class Rules
{
    public static readonly SeriesLabels SkuAtLocation = new([new("sku", "A-100"), new("location_id", "berlin")]);

    public static AlertRule LowStock(
        TimeSpan? duration = null,
        double? recovery = null,
        TimeSpan? noData = null,
        TimeSpan? mute = null,
        ComparisonOperator op = ComparisonOperator.LessThan,
        double threshold = 10) =>
        new(
            Id: "low-stock",
            TenantId: "acme",
            Name: "Low stock",
            Metric: "inventory.available",
            Operator: op,
            Threshold: threshold,
            Duration: duration ?? TimeSpan.Zero,
            RecoveryThreshold: recovery,
            GroupBy: ["sku", "location_id"],
            GroupAggregation: null,
            Filters: [],
            NoData: noData,
            Severity: AlertSeverity.Warning,
            MuteWindow: mute,
            RunbookUrl: "https://runbooks.example/low-stock",
            Version: 1);
}
