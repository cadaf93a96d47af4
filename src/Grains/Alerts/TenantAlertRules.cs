using System.Collections.Immutable;

namespace Telemetry.Alerts;

/// <summary>A tenant's rules as a silo's <see cref="AlertRuleBook"/> holds them: by metric, for the series grains' hot path.</summary>
public sealed class TenantAlertRules
{
    public static readonly TenantAlertRules None = new(AlertRuleSet.Empty);

    private readonly Dictionary<string, ImmutableArray<AlertDefinition>> _byMetric;
    private readonly Dictionary<string, AlertDefinition> _byId;

    public TenantAlertRules(AlertRuleSet set)
    {
        Version = set.Version;
        _byId = set.Definitions.ToDictionary(d => d.Rule.Id, StringComparer.Ordinal);
        _byMetric = set.Definitions
            .GroupBy(d => d.Rule.Metric, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToImmutableArray(), StringComparer.Ordinal);
    }

    public long Version { get; }

    /// <summary>The rules watching <paramref name="metric"/>; empty for most metrics.</summary>
    public ImmutableArray<AlertDefinition> For(string metric) => _byMetric.GetValueOrDefault(metric, []);

    public AlertDefinition? Find(string ruleId) => _byId.GetValueOrDefault(ruleId);

    /// <summary>The metrics whose rules differ between <paramref name="before"/> and this (added, removed or changed).</summary>
    public IEnumerable<string> ChangedMetrics(TenantAlertRules before)
    {
        var metrics = _byMetric.Keys.Union(before._byMetric.Keys, StringComparer.Ordinal);
        return metrics.Where(metric => !For(metric).SequenceEqual(before.For(metric)));
    }
}
