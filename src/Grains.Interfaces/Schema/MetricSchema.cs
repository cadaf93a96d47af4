using System.Collections.Immutable;
using Telemetry.Series;

namespace Telemetry.Schema;

/// <summary>
/// One version of a metric's schema. Every change makes a new version; old versions stay readable.
/// <see cref="TypeEpoch"/> counts forced type changes, so series grains can tell old-type data from new.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record MetricSchema(
    [property: Id(0)] string Name,
    [property: Id(1)] MetricType Type,
    [property: Id(2)] string? Unit,
    [property: Id(3)] ImmutableArray<string> Dimensions,
    [property: Id(4)] int? RetentionDays,
    [property: Id(5)] string? Notes,
    [property: Id(6)] int Version,
    [property: Id(7)] bool Deprecated,
    [property: Id(8)] EnforcementMode? Mode,
    [property: Id(9)] int? MaxSeries,
    [property: Id(10)] string? OverflowDimension,
    [property: Id(11)] SchemaOrigin Origin,
    [property: Id(12)] int TypeEpoch,
    [property: Id(13)] DateTimeOffset ChangedAt,
    [property: Id(14)] string ChangedBy);
