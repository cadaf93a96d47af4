using Telemetry.Hosting;

namespace Telemetry.Alerts;

/// <summary>A tenant's alert rules; every change is persisted and bumps the version the silos' rule books poll.</summary>
public sealed class AlertRulesGrain(
    [PersistentState("alert-rules", TelemetryStorage.Name)] IPersistentState<AlertRulesState> state) : Grain, IAlertRulesGrain
{
    private AlertRuleSet? _snapshot;

    Task<AlertRuleSet> IAlertRulesGrain.GetRulesAsync() => Task.FromResult(Snapshot());

    Task<long> IAlertRulesGrain.GetVersionAsync() => Task.FromResult(state.State.Version);

    Task<AlertDefinition?> IAlertRulesGrain.GetAsync(string ruleId) =>
        Task.FromResult(state.State.Rules.GetValueOrDefault(ruleId));

    async Task<AlertDefinition?> IAlertRulesGrain.CreateAsync(AlertDefinition definition, int maxRules)
    {
        if (state.State.Rules.Count >= maxRules || state.State.Rules.ContainsKey(definition.Rule.Id))
        {
            return null;
        }

        var created = definition with { Rule = definition.Rule with { Version = 1 } };
        state.State.Rules[created.Rule.Id] = created;
        await SaveAsync();
        return created;
    }

    async Task<AlertDefinition?> IAlertRulesGrain.UpdateAsync(AlertDefinition definition)
    {
        if (!state.State.Rules.TryGetValue(definition.Rule.Id, out var current))
        {
            return null;
        }

        var updated = definition with
        {
            Rule = definition.Rule with { Version = current.Rule.Version + 1 },
            CreatedAt = current.CreatedAt,
        };
        state.State.Rules[updated.Rule.Id] = updated;
        await SaveAsync();
        return updated;
    }

    async Task<bool> IAlertRulesGrain.DeleteAsync(string ruleId)
    {
        if (!state.State.Rules.Remove(ruleId))
        {
            return false;
        }

        await SaveAsync();
        return true;
    }

    private async Task SaveAsync()
    {
        state.State.Version++;
        _snapshot = null;
        await state.WriteStateAsync();
    }

    private AlertRuleSet Snapshot() =>
        _snapshot ??= new AlertRuleSet(state.State.Version, [.. state.State.Rules.Values.OrderBy(d => d.CreatedAt).ThenBy(d => d.Rule.Id, StringComparer.Ordinal)]);
}
