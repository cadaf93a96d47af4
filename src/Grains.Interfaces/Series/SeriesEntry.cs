namespace Telemetry.Series;

/// <summary>One series in a metric's index.</summary>
[GenerateSerializer, Immutable]
public sealed record SeriesEntry(
    [property: Id(0)] ulong Hash,
    [property: Id(1)] SeriesLabels Labels,
    [property: Id(2)] MetricType Type);
