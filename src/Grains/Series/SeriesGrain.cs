using Microsoft.Extensions.Options;
using Telemetry.Query;

namespace Telemetry.Series;

/// <summary>
/// The hot path: one activation per series keeps its recent raw samples in a <see cref="HotWindow"/>.
/// The first batch after activation registers the series with its metric, which fixes the type.
/// </summary>
public sealed class SeriesGrain(IOptions<SeriesOptions> options, TimeProvider time) : Grain, ISeriesGrain
{
    private readonly SeriesOptions _options = options.Value;
    private readonly HotWindow _window = new(options.Value.MaxSamplesPerSeries);
    private MetricType? _type;

    async Task<AppendResult> ISeriesGrain.AppendAsync(SeriesBatch batch)
    {
        if (_type is null)
        {
            var metric = GrainFactory.GetGrain<IMetricGrain>(SeriesKey.ForMetric(batch.TenantId, batch.Metric));
            var registration = await metric.RegisterSeriesAsync(batch.Labels, batch.Type);
            if (!registration.Accepted)
            {
                return AppendResult.Rejected(registration.RejectCode!, registration.RejectMessage!);
            }

            _type = batch.Type;
        }
        else if (_type != batch.Type)
        {
            return AppendResult.Rejected(
                "type_conflict",
                $"Series {batch.Labels} of '{batch.Metric}' holds {_type.Value.ToString().ToLowerInvariant()} samples; "
                + $"a {batch.Type.ToString().ToLowerInvariant()} cannot be mixed in.");
        }

        _window.EvictBefore(HotWindowStart());
        for (var i = 0; i < batch.Timestamps.Length; i++)
        {
            _window.Add(batch.Timestamps[i], batch.Values[i]);
        }

        return new AppendResult(batch.Timestamps.Length);
    }

    Task<SeriesReadResult> ISeriesGrain.ReadAsync(SeriesReadRequest request)
    {
        _window.EvictBefore(HotWindowStart());
        return Task.FromResult(_window.Read(request, resetAware: _type == MetricType.Counter));
    }

    private long HotWindowStart() => (time.GetUtcNow() - _options.HotWindow).UtcTicks;
}
