using System.Collections.Immutable;

namespace Telemetry.Series;

/// <summary>A series matches when its value of <see cref="Key"/> is one of <see cref="Values"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record DimensionFilter(
    [property: Id(0)] string Key,
    [property: Id(1)] ImmutableArray<string> Values);
