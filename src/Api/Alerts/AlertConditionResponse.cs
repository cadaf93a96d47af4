namespace Telemetry.Api.Alerts;

/// <summary>The condition of a rule as the API shows it.</summary>
public sealed record AlertConditionResponse(
    string Metric,
    string Op,
    double Threshold,
    string Duration,
    double? RecoveryThreshold,
    string[] GroupBy,
    string? GroupAggregation,
    Dictionary<string, string[]> Filters,
    string? NoData);
