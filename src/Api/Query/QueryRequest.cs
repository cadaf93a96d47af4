using System.Text.Json.Serialization;

namespace Telemetry.Api.Query;

/// <summary>
/// Body of <c>POST /query</c> (documentation shape). <c>group_by</c> is a list of dimension keys (or one
/// comma-separated string); <c>filters</c> maps a key to a value or a list of alternative values.
/// </summary>
public sealed record QueryRequest(
    string Metric,
    string? Start,
    string? End,
    string? Granularity,
    string? Aggregation,
    string? Rollup,
    [property: JsonPropertyName("group_by")] string[]? GroupBy,
    Dictionary<string, string[]>? Filters,
    string? Fill,
    string? Timezone);
