using System.Collections.Immutable;

namespace Telemetry.Series;

/// <summary>
/// One per tenant and metric (key <c>tenant/metric</c>): the metric's type and its series index
/// (postings from dimension values to series). Touched when a series is created, never per sample.
/// </summary>
[Alias("Telemetry.Series.IMetricGrain")]
public interface IMetricGrain : IGrainWithStringKey
{
    /// <summary>Adds a series to the index, or refuses it when its type conflicts with the metric's.</summary>
    [Alias("RegisterSeries")]
    Task<SeriesRegistration> RegisterSeriesAsync(SeriesLabels labels, MetricType type);

    /// <summary>Series whose labels match every filter (values within one filter are alternatives).</summary>
    [Alias("FindSeries")]
    Task<ImmutableArray<SeriesEntry>> FindSeriesAsync(ImmutableArray<DimensionFilter> filters);

    /// <summary>The metric's type, or null when no series was ever registered.</summary>
    [Alias("GetType")]
    Task<MetricType?> GetMetricTypeAsync();
}
