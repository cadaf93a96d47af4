using System.Collections.Immutable;

namespace Telemetry.Query;

/// <summary>
/// A read of one series: samples in [<see cref="Start"/>, <see cref="End"/>) (UTC ticks) split at
/// <see cref="BucketStarts"/> (ascending UTC ticks; bucket i ends where bucket i+1 starts, the last at End).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SeriesReadRequest(
    [property: Id(0)] long Start,
    [property: Id(1)] long End,
    [property: Id(2)] ImmutableArray<long> BucketStarts,
    [property: Id(3)] bool IncludeValues);
