using Telemetry.Query;

namespace Telemetry.Rollups;

/// <summary>The partials of one series' segment rows, computed exactly as its hot window would.</summary>
[GenerateSerializer, Immutable]
[Alias("Telemetry.Rollups.ColdSeriesRead")]
public sealed record ColdSeriesRead(
    [property: Id(0)] ulong Hash,
    [property: Id(1)] SeriesReadResult Read);
