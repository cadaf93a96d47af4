using System.Text.Json.Serialization;
using Telemetry.Schema;
using Telemetry.Series;

namespace Telemetry.Api.Schema;

/// <summary>
/// One version of a metric's schema as the API shows it. <see cref="Mode"/> and <see cref="MaxSeries"/> are
/// the metric's own overrides (null: the tenant's setting applies). <see cref="Status"/> is present only
/// on <c>GET /schema/{metricName}</c> without <c>version</c>.
/// </summary>
public sealed record SchemaResponse(
    string Name,
    MetricType Type,
    string? Unit,
    string[] Dimensions,
    int? RetentionDays,
    string? Notes,
    int Version,
    bool Deprecated,
    EnforcementMode? Mode,
    int? MaxSeries,
    string? OverflowDimension,
    SchemaOrigin Origin,
    DateTimeOffset ChangedAt,
    string ChangedBy)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MetricStatusResponse? Status { get; init; }

    public static SchemaResponse From(MetricSchema schema) =>
        new(schema.Name, schema.Type, schema.Unit, [.. schema.Dimensions], schema.RetentionDays, schema.Notes, schema.Version,
            schema.Deprecated, schema.Mode, schema.MaxSeries, schema.OverflowDimension, schema.Origin, schema.ChangedAt, schema.ChangedBy);
}

/// <summary>
/// A metric's live figures: the mode that applies to it, its series against its effective limit, new series
/// refused by the limit, warnings (80 % of a limit, refusals, deprecation) and per-key distinct-value estimates.
/// </summary>
public sealed record MetricStatusResponse(
    EnforcementMode EffectiveMode,
    int SeriesCount,
    int SeriesLimit,
    long RejectedSeries,
    string[] Warnings,
    DimensionStatsResponse[] Dimensions)
{
    public static MetricStatusResponse From(MetricStatus status, TenantSettings tenant) =>
        new(status.Schema?.Mode ?? tenant.Mode, status.SeriesCount, status.SeriesLimit, status.RejectedSeries, [.. status.Warnings],
            [.. status.Dimensions.Select(DimensionStatsResponse.From)]);
}

/// <summary>A dimension key with a HyperLogLog estimate of its distinct values and a few of them.</summary>
public sealed record DimensionStatsResponse(string Key, long DistinctEstimate, string[] SampleValues)
{
    public static DimensionStatsResponse From(DimensionStats stats) => new(stats.Key, stats.DistinctEstimate, [.. stats.SampleValues]);
}

/// <summary>Body of <c>GET /schema</c>.</summary>
public sealed record SchemaListResponse(SchemaResponse[] Metrics);

/// <summary>Body of <c>GET /schema/{metricName}/versions</c>: every version, oldest first.</summary>
public sealed record SchemaVersionsResponse(string Metric, SchemaResponse[] Versions);
