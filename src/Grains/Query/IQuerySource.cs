using System.Collections.Immutable;
using Telemetry.Rollups;
using Telemetry.Series;

namespace Telemetry.Query;

/// <summary>
/// Where a query finds one metric's series and reads their buckets, hot (series grains) and cold (segments);
/// grains in a silo, fakes in tests.
/// </summary>
public interface IQuerySource
{
    /// <summary>The metric's series whose labels match every filter.</summary>
    Task<ImmutableArray<SeriesEntry>> FindSeriesAsync(ImmutableArray<DimensionFilter> filters);

    /// <summary>One series' partials (and raw values when asked) over the requested buckets, from its hot window.</summary>
    Task<SeriesReadResult> ReadAsync(SeriesEntry series, SeriesReadRequest request);

    /// <summary>The partials of the given series' samples that are in segments (older than each one's FlushedBefore).</summary>
    Task<ImmutableArray<ColdSeriesRead>> ReadColdAsync(ColdReadRequest request);
}
