using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telemetry.Alerts;
using Telemetry.Hosting;
using Telemetry.Query;
using Telemetry.Rollups;
using Telemetry.Streams;

namespace Telemetry.Series;

/// <summary>
/// The hot path: one activation per series keeps its recent raw samples in a <see cref="HotWindow"/>.
/// Batches arrive already admitted by the metric (schema, type, cardinality), so appending does no I/O.
/// A batch of a newer type epoch (a forced type change) replaces the old-type samples. Older samples move
/// to segments (see SeriesGrain.Flush.cs); the persisted <see cref="SeriesState"/> says how far.
/// </summary>
public sealed partial class SeriesGrain(
    [PersistentState("series", TelemetryStorage.Name)] IPersistentState<SeriesState> state,
    IOptions<SeriesOptions> options,
    IOptions<SegmentOptions> segments,
    TimeProvider time,
    LocalSeriesActivations activations,
    AlertRuleBook ruleBook,
    AlertNotifier notifier,
    AlertEvaluator evaluator,
    IOptions<AlertEvaluationOptions> alertOptions,
    StreamDefinitionCache streamDefinitions,
    ILogger<SeriesGrain> logger) : Grain, ISeriesGrain
{
    private readonly SeriesOptions _options = options.Value;
    private HotWindow _window = new(options.Value.MaxSamplesPerSeries);
    private MetricType? _type;
    private int _typeEpoch;
    private SeriesLabels? _labels;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _type = state.State.Type;
        _typeEpoch = state.State.TypeEpoch;
        StartFlushTimer();
        activations.Add(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    async Task<AppendResult> ISeriesGrain.AppendAsync(SeriesBatch batch)
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
            return AppendResult.Rejected(
                "type_conflict",
                $"Series {batch.Labels} of '{batch.Metric}' holds {Name(_type.Value)} samples; a {Name(batch.Type)} cannot be mixed in.");
        }

        _labels ??= batch.Labels;
        if (_window.Count + batch.Timestamps.Length > _options.MaxSamplesPerSeries)
        {
            // A full window would drop its oldest samples: move them all to segments first.
            await FlushBeforeAsync(long.MaxValue);
        }

        var flushedBefore = state.State.FlushedBefore;
        List<(long Timestamp, double Value)>? late = null;
        for (var i = 0; i < batch.Timestamps.Length; i++)
        {
            if (batch.Timestamps[i] >= flushedBefore)
            {
                _window.Add(batch.Timestamps[i], batch.Values[i]);
            }
            else if (!batch.Replayed)
            {
                (late ??= []).Add((batch.Timestamps[i], batch.Values[i]));
            }

            // A replayed sample older than FlushedBefore was applied before the restart and flushed since: skip it.
        }

        if (late is not null)
        {
            await FlushLateAsync(late);
        }

        await EvaluateAlertsSafelyAsync(batch);
        await PublishStreamMatchesAsync(batch);
        return new AppendResult(batch.Timestamps.Length);
    }

    /// <summary>Alerts never fail an append: the samples are stored; a rule that could not be evaluated is logged.</summary>
    private async Task EvaluateAlertsSafelyAsync(SeriesBatch batch)
    {
        try
        {
            await EvaluateAlertsAsync(batch);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Alert rules of series {Series} could not be evaluated on a batch.", this.GetPrimaryKeyString());
        }
    }

    Task<SeriesReadResult> ISeriesGrain.ReadAsync(SeriesReadRequest request)
    {
        var read = _window.Read(request, resetAware: _type == MetricType.Counter, state.State.LastFlushed);
        return Task.FromResult(read with { FlushedBefore = state.State.FlushedBefore });
    }

    Task<long> ISeriesGrain.GetFlushedBeforeAsync() => Task.FromResult(state.State.FlushedBefore);

    private static string Name(MetricType type) => type.ToString().ToLowerInvariant();
}
