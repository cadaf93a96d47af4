namespace Telemetry.Schema;

/// <summary>
/// A tenant's schema settings and limit overrides. Null limits fall back to <c>Telemetry:Cardinality</c>.
/// <see cref="NormalizationVersion"/> lets callers tell whether their cached rules are current.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TenantSettings(
    [property: Id(0)] EnforcementMode Mode,
    [property: Id(1)] int? MaxSeriesPerTenant,
    [property: Id(2)] int? MaxSeriesPerMetric,
    [property: Id(3)] int NormalizationVersion);
