namespace Telemetry.Rollups;

/// <summary>
/// One series a cold read covers: only its segment rows older than <see cref="FlushedBefore"/> (UTC ticks)
/// count, because everything from there on is still in the series grain's hot window.
/// <see cref="ResetAware"/> makes increases treat a decrease as a counter reset.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("Telemetry.Rollups.ColdSeries")]
public sealed record ColdSeries(
    [property: Id(0)] ulong Hash,
    [property: Id(1)] long FlushedBefore,
    [property: Id(2)] bool ResetAware);
