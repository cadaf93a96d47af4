using System.Collections.Immutable;

namespace Telemetry.Series;

/// <summary>
/// Samples of one series carried by one grain call. Timestamps are UTC ticks; the arrays are parallel
/// and need not be sorted (the hot window orders them).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SeriesBatch(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string Metric,
    [property: Id(2)] MetricType Type,
    [property: Id(3)] SeriesLabels Labels,
    [property: Id(4)] ImmutableArray<long> Timestamps,
    [property: Id(5)] ImmutableArray<double> Values);
