namespace Telemetry.Alerts;

/// <summary>What a tenant's <see cref="AlertRulesGrain"/> persists: its rules by id and the set's version.</summary>
[GenerateSerializer]
[Alias("Telemetry.Alerts.AlertRulesState")]
public sealed class AlertRulesState
{
    [Id(0)]
    public long Version { get; set; }

    [Id(1)]
    public Dictionary<string, AlertDefinition> Rules { get; set; } = new(StringComparer.Ordinal);
}
