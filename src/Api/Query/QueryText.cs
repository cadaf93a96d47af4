namespace Telemetry.Api.Query;

/// <summary>A query as the client wrote it (body or query string), before validation.</summary>
public sealed record QueryText(
    string? Metric,
    string? Start,
    string? End,
    string? Granularity,
    string? Aggregation,
    string? Rollup,
    IReadOnlyList<string> GroupBy,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Filters,
    string? Fill,
    string? Timezone);
