namespace Telemetry.Series;

/// <summary>The metric grain's verdict on a new series.</summary>
[GenerateSerializer, Immutable]
public sealed record SeriesRegistration(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] MetricType MetricType,
    [property: Id(2)] string? RejectCode = null,
    [property: Id(3)] string? RejectMessage = null);
