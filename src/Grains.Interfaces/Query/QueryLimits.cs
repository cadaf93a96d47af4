namespace Telemetry.Query;

/// <summary>Bounds a query must stay within; past them it is refused with 422.</summary>
[GenerateSerializer, Immutable]
public sealed record QueryLimits(
    [property: Id(0)] int MaxPoints,
    [property: Id(1)] int MaxSeries,
    [property: Id(2)] int MaxBucketsPerSeries);
