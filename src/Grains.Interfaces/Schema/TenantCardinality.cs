namespace Telemetry.Schema;

/// <summary>A tenant's series count against its effective limit.</summary>
[GenerateSerializer, Immutable]
public sealed record TenantCardinality(
    [property: Id(0)] long SeriesCount,
    [property: Id(1)] long SeriesLimit,
    [property: Id(2)] long RejectedSeries);
