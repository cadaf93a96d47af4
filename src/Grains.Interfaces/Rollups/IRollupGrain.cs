using System.Collections.Immutable;

namespace Telemetry.Rollups;

/// <summary>
/// One per tenant and metric (key <c>tenant/metric</c>): turns flushed hot-window samples into raw Parquet
/// segments and keeps the segment catalog that prunes cold reads.
/// </summary>
[Alias("Telemetry.Rollups.IRollupGrain")]
public interface IRollupGrain : IGrainWithStringKey
{
    /// <summary>
    /// Writes the samples to segments (group-committed with concurrent flushes) and completes once the
    /// segments and the catalog that lists them are durable.
    /// </summary>
    [Alias("Flush")]
    Task FlushAsync(ImmutableArray<SeriesFlush> series);

    /// <summary>Per-bucket partials of the given series' flushed samples, pruned by the catalog.</summary>
    [Alias("ReadCold")]
    Task<ImmutableArray<ColdSeriesRead>> ReadColdAsync(ColdReadRequest request);

    /// <summary>The catalog: every segment with its time range, rows, value range and size.</summary>
    [Alias("GetSegments")]
    Task<ImmutableArray<SegmentInfo>> GetSegmentsAsync();
}
