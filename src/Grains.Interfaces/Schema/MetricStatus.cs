using System.Collections.Immutable;

namespace Telemetry.Schema;

/// <summary>A metric's current schema with its live figures and the warnings they raise (80 % of a limit).</summary>
[GenerateSerializer, Immutable]
public sealed record MetricStatus(
    [property: Id(0)] MetricSchema? Schema,
    [property: Id(1)] int SeriesCount,
    [property: Id(2)] int SeriesLimit,
    [property: Id(3)] ImmutableArray<DimensionStats> Dimensions,
    [property: Id(4)] ImmutableArray<string> Warnings,
    [property: Id(5)] long RejectedSeries);
