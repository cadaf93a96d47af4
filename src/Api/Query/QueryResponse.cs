using System.Text.Json.Serialization;

namespace Telemetry.Api.Query;

/// <summary>
/// The answer to a query: one entry per group, every bucket start as RFC3339 with the zone's offset.
/// <c>v</c> is null for an empty bucket (fill <c>null</c>) and always present.
/// </summary>
public sealed record QueryResponse(
    string Metric,
    string Start,
    string End,
    string Granularity,
    string Aggregation,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Rollup,
    string Timezone,
    string Fill,
    QueryResponseSeries[] Series);

public sealed record QueryResponseSeries(Dictionary<string, string?> Group, QueryResponsePoint[] Points);

public sealed record QueryResponsePoint(string T, double? V);
