using System.Collections.Immutable;
using Telemetry.Series;

namespace Telemetry.Query;

/// <summary>A validated range query of one tenant's metric. Times are UTC ticks, the range half-open.</summary>
[GenerateSerializer, Immutable]
public sealed record QuerySpec(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string Metric,
    [property: Id(2)] long Start,
    [property: Id(3)] long End,
    [property: Id(4)] Granularity Granularity,
    [property: Id(5)] Aggregation Aggregation,
    [property: Id(6)] Rollup? Rollup,
    [property: Id(7)] ImmutableArray<string> GroupBy,
    [property: Id(8)] ImmutableArray<DimensionFilter> Filters,
    [property: Id(9)] FillMode Fill,
    [property: Id(10)] string TimeZone,
    [property: Id(11)] QueryLimits Limits);
