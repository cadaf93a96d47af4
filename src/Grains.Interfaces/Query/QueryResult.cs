using System.Collections.Immutable;

namespace Telemetry.Query;

/// <summary>The answer to a <see cref="QuerySpec"/>: one entry per group, points in bucket order.</summary>
[GenerateSerializer, Immutable]
public sealed record QueryResult(
    [property: Id(0)] ImmutableArray<QuerySeries> Series,
    [property: Id(1)] int SeriesScanned);

/// <summary>One group: its dimension values (null where a series lacks the key) and its points.</summary>
[GenerateSerializer, Immutable]
public sealed record QuerySeries(
    [property: Id(0)] ImmutableArray<KeyValuePair<string, string?>> Group,
    [property: Id(1)] ImmutableArray<QueryPoint> Points);

/// <summary>A bucket: its start as RFC3339 with the zone's offset, and its value (null when empty).</summary>
[GenerateSerializer, Immutable]
public readonly record struct QueryPoint(
    [property: Id(0)] string T,
    [property: Id(1)] double? V);
