using Telemetry.Schema;

namespace Telemetry.Tenancy;

[GenerateSerializer]
public sealed class TenantState
{
    [Id(0)]
    public Dictionary<string, ApiKeyInfo> Keys { get; set; } = new(StringComparer.Ordinal);

    [Id(1)]
    public EnforcementMode Mode { get; set; } = EnforcementMode.Lenient;

    [Id(2)]
    public int? MaxSeriesPerTenant { get; set; }

    [Id(3)]
    public int? MaxSeriesPerMetric { get; set; }

    [Id(4)]
    public NormalizationRuleSet Normalization { get; set; } = NormalizationRuleSet.Empty;

    [Id(5)]
    public SortedSet<string> Metrics { get; set; } = new(StringComparer.Ordinal);

    [Id(6)]
    public long SeriesCount { get; set; }

    [Id(7)]
    public long RejectedSeries { get; set; }
}
