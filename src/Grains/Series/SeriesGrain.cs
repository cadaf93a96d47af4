using Microsoft.Extensions.Options;
using Telemetry.Query;

namespace Telemetry.Series;

/// <summary>
/// The hot path: one activation per series keeps its recent raw samples in a <see cref="HotWindow"/>.
/// Batches arrive already admitted by the metric (schema, type, cardinality), so appending does no I/O.
/// A batch of a newer type epoch (a forced type change) replaces the old-type samples.
/// </summary>
public sealed class SeriesGrain(IOptions<SeriesOptions> options, TimeProvider time) : Grain, ISeriesGrain
{
    private readonly SeriesOptions _options = options.Value;
    private HotWindow _window = new(options.Value.MaxSamplesPerSeries);
    private MetricType? _type;
    private int _typeEpoch;

    Task<AppendResult> ISeriesGrain.AppendAsync(SeriesBatch batch)
    {
        if (_type is null || batch.TypeEpoch > _typeEpoch)
        {
            if (_type is not null && _type != batch.Type)
            {
                _window = new HotWindow(_options.MaxSamplesPerSeries);
            }

            _type = batch.Type;
            _typeEpoch = batch.TypeEpoch;
        }
        else if (_type != batch.Type || batch.TypeEpoch < _typeEpoch)
        {
            return Task.FromResult(AppendResult.Rejected(
                "type_conflict",
                $"Series {batch.Labels} of '{batch.Metric}' holds {Name(_type.Value)} samples; a {Name(batch.Type)} cannot be mixed in."));
        }

        var windowStart = HotWindowStart();
        _window.EvictBefore(windowStart);
        for (var i = 0; i < batch.Timestamps.Length; i++)
        {
            // A replay may carry samples that have left the window since they were acknowledged.
            if (batch.Timestamps[i] >= windowStart)
            {
                _window.Add(batch.Timestamps[i], batch.Values[i]);
            }
        }

        return Task.FromResult(new AppendResult(batch.Timestamps.Length));
    }

    Task<SeriesReadResult> ISeriesGrain.ReadAsync(SeriesReadRequest request)
    {
        _window.EvictBefore(HotWindowStart());
        return Task.FromResult(_window.Read(request, resetAware: _type == MetricType.Counter));
    }

    private long HotWindowStart() => (time.GetUtcNow() - _options.HotWindow).UtcTicks;

    private static string Name(MetricType type) => type.ToString().ToLowerInvariant();
}
