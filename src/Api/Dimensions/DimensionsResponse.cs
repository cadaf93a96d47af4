using Telemetry.Api.Schema;

namespace Telemetry.Api.Dimensions;

/// <summary>Body of <c>GET /dimensions</c>: per metric, and per key across metrics.</summary>
public sealed record DimensionsResponse(MetricDimensions[] Metrics, KeyDimensions[] Keys);

/// <summary>A metric's series against its limit and its dimension keys.</summary>
public sealed record MetricDimensions(string Metric, int SeriesCount, int SeriesLimit, DimensionStatsResponse[] Dimensions);

/// <summary>A dimension key: the metrics that carry it and the largest distinct-value estimate among them.</summary>
public sealed record KeyDimensions(string Key, string[] Metrics, long DistinctEstimate);
