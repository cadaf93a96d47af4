using System.Collections.Immutable;

namespace Telemetry.Query;

/// <summary>
/// Partials of the non-empty buckets, in bucket order. When raw values were asked for,
/// <see cref="Values"/> is parallel to <see cref="Buckets"/>; otherwise it is empty. Samples older than
/// <see cref="FlushedBefore"/> (UTC ticks; 0 when none) are no longer in the series grain but in segments,
/// where a cold read finds them.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SeriesReadResult(
    [property: Id(0)] ImmutableArray<BucketPartial> Buckets,
    [property: Id(1)] ImmutableArray<ImmutableArray<double>> Values,
    [property: Id(2)] long FlushedBefore = 0)
{
    public static readonly SeriesReadResult Empty = new([], []);
}
