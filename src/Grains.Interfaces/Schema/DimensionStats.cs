using System.Collections.Immutable;

namespace Telemetry.Schema;

/// <summary>A dimension key of a metric: a HyperLogLog estimate of its distinct values (all values offered, admitted or not) and a few of them.</summary>
[GenerateSerializer, Immutable]
public sealed record DimensionStats(
    [property: Id(0)] string Key,
    [property: Id(1)] long DistinctEstimate,
    [property: Id(2)] ImmutableArray<string> SampleValues);
