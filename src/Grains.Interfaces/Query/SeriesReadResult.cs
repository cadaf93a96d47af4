using System.Collections.Immutable;

namespace Telemetry.Query;

/// <summary>
/// Partials of the non-empty buckets, in bucket order. When raw values were asked for,
/// <see cref="Values"/> is parallel to <see cref="Buckets"/>; otherwise it is empty.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SeriesReadResult(
    [property: Id(0)] ImmutableArray<BucketPartial> Buckets,
    [property: Id(1)] ImmutableArray<ImmutableArray<double>> Values)
{
    public static readonly SeriesReadResult Empty = new([], []);
}
