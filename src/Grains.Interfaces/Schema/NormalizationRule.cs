using System.Collections.Immutable;

namespace Telemetry.Schema;

/// <summary>
/// One dimension rule of a tenant, applied before series identity is computed. <see cref="Metrics"/>
/// limits it to some metrics; empty means every metric.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record NormalizationRule(
    [property: Id(0)] string Id,
    [property: Id(1)] NormalizationKind Kind,
    [property: Id(2)] string Key,
    [property: Id(3)] string? Target,
    [property: Id(4)] ValueTransform Transforms,
    [property: Id(5)] ImmutableArray<string> Metrics,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] string CreatedBy);
