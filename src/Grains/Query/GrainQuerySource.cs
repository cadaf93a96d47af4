using System.Collections.Immutable;
using Telemetry.Rollups;
using Telemetry.Series;

namespace Telemetry.Query;

/// <summary>Reads one metric of one tenant through its <see cref="IMetricGrain"/> index its <see cref="ISeriesGrain"/>s
/// and its <see cref="IRollupGrain"/>.</summary>
internal sealed class GrainQuerySource(IGrainFactory grains, string tenantId, string metric) : IQuerySource
{
    public Task<ImmutableArray<SeriesEntry>> FindSeriesAsync(ImmutableArray<DimensionFilter> filters) =>
        grains.GetGrain<IMetricGrain>(SeriesKey.ForMetric(tenantId, metric)).FindSeriesAsync(filters);

    public Task<SeriesReadResult> ReadAsync(SeriesEntry series, SeriesReadRequest request) =>
        grains.GetGrain<ISeriesGrain>(SeriesKey.ForSeries(tenantId, metric, series.Hash)).ReadAsync(request);

    public Task<ImmutableArray<ColdSeriesRead>> ReadColdAsync(ColdReadRequest request) =>
        grains.GetGrain<IRollupGrain>(SeriesKey.ForMetric(tenantId, metric)).ReadColdAsync(request);
}
