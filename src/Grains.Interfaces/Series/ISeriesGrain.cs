using Telemetry.Query;

namespace Telemetry.Series;

/// <summary>
/// One per series (key <c>tenant/metric/hash</c>): the hot window of raw samples.
/// It receives batches, never single samples, and does no I/O per sample.
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
}
