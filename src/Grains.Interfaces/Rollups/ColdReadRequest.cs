using System.Collections.Immutable;
using Telemetry.Query;

namespace Telemetry.Rollups;

/// <summary>One query's cold part: the same buckets as its hot reads, for the series that have flushed samples.</summary>
[GenerateSerializer, Immutable]
[Alias("Telemetry.Rollups.ColdReadRequest")]
public sealed record ColdReadRequest(
    [property: Id(0)] SeriesReadRequest Read,
    [property: Id(1)] ImmutableArray<ColdSeries> Series);
