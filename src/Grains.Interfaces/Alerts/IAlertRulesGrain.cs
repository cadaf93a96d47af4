namespace Telemetry.Alerts;

/// <summary>
/// One per tenant (key: the tenant id): its alert rules. Every change bumps the set's version; each silo's
/// rule book polls the version and reloads, so evaluators everywhere see a change within a second.
/// </summary>
[Alias("Telemetry.Alerts.IAlertRulesGrain")]
public interface IAlertRulesGrain : IGrainWithStringKey
{
    /// <summary>All rules and the version they are at.</summary>
    [Alias("GetRules")]
    Task<AlertRuleSet> GetRulesAsync();

    /// <summary>The version alone, for cheap polling.</summary>
    [Alias("GetVersion")]
    Task<long> GetVersionAsync();

    /// <summary>One rule, or null.</summary>
    [Alias("Get")]
    Task<AlertDefinition?> GetAsync(string ruleId);

    /// <summary>Adds a rule (its id chosen by the caller); null when the tenant already has <paramref name="maxRules"/> rules or the id is taken.</summary>
    [Alias("Create")]
    Task<AlertDefinition?> CreateAsync(AlertDefinition definition, int maxRules);

    /// <summary>Replaces a rule, bumping its version; null when there is no such rule.</summary>
    [Alias("Update")]
    Task<AlertDefinition?> UpdateAsync(AlertDefinition definition);

    /// <summary>Removes a rule; false when there was none.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync(string ruleId);
}
