using System.Collections.Immutable;
using Telemetry.Series;

namespace Telemetry.Schema;

/// <summary>
/// A requested schema change. Null fields are left as they are (PATCH); for a registration (POST) the
/// type is required. <see cref="Force"/> allows incompatible changes (type change, dropping a dimension
/// that has data).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SchemaDraft(
    [property: Id(0)] MetricType? Type = null,
    [property: Id(1)] string? Unit = null,
    [property: Id(2)] ImmutableArray<string>? Dimensions = null,
    [property: Id(3)] int? RetentionDays = null,
    [property: Id(4)] string? Notes = null,
    [property: Id(5)] EnforcementMode? Mode = null,
    [property: Id(6)] int? MaxSeries = null,
    [property: Id(7)] string? OverflowDimension = null,
    [property: Id(8)] bool? Deprecated = null,
    [property: Id(9)] bool Force = false);
