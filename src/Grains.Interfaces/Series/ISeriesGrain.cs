using Telemetry.Query;

namespace Telemetry.Series;

/// <summary>
/// One per series (key <c>tenant/metric/hash</c>): the hot window of raw samples.
/// It receives batches, never single samples, and does no I/O per sample. Samples older than the flush age
/// move to segments through the metric's <c>IRollupGrain</c>; deactivation moves them all.
/// </summary>
[Alias("Telemetry.Series.ISeriesGrain")]
public interface ISeriesGrain : IGrainWithStringKey
{
    /// <summary>Stores a batch in the hot window; the same timestamp twice keeps the last value.</summary>
    [Alias("Append")]
    Task<AppendResult> AppendAsync(SeriesBatch batch);

    /// <summary>Per-bucket partial aggregates (and raw values when asked) over the requested buckets.</summary>
    [Alias("Read")]
    Task<SeriesReadResult> ReadAsync(SeriesReadRequest request);

    /// <summary>
    /// Flushes the samples older than now − flush age to segments at once instead of at the next timer tick
    /// (tests and operators use it; the timer calls the same code).
    /// </summary>
    [Alias("Flush")]
    Task FlushAsync();

    /// <summary>Flushes every sample to segments; a stopping silo calls it on its series grains.</summary>
    [Alias("FlushAll")]
    Task FlushAllAsync();

    /// <summary>
    /// The alert rules of the series' metric changed: evaluate its newest sample against them and start watching
    /// new no-data rules. One-way: the silo's rule book tells its active series, and does not wait.
    /// </summary>
    [Alias("RefreshAlerts"), Orleans.Concurrency.OneWay]
    Task RefreshAlertsAsync();

    /// <summary>Every sample older than this (UTC ticks; 0 when none) is in segments: the log trims by it.</summary>
    [Alias("GetFlushedBefore")]
    Task<long> GetFlushedBeforeAsync();
}
