using System.Collections.Immutable;
using Telemetry.Series;

namespace Telemetry.Rollups;

/// <summary>Samples of one series handed from its hot window to the metric's rollup grain; times are UTC ticks.</summary>
[GenerateSerializer, Immutable]
[Alias("Telemetry.Rollups.SeriesFlush")]
public sealed record SeriesFlush(
    [property: Id(0)] SeriesLabels Labels,
    [property: Id(1)] ImmutableArray<long> Timestamps,
    [property: Id(2)] ImmutableArray<double> Values);
