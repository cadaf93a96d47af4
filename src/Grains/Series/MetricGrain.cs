using System.Collections.Immutable;
using Telemetry.Hosting;

namespace Telemetry.Series;

/// <summary>
/// The metric's type and series index. New series are indexed at once and persisted within
/// <see cref="PersistDelay"/> (coalesced, so a burst of new series costs one write), and on deactivation.
/// </summary>
public sealed class MetricGrain(
    [PersistentState("metric", TelemetryStorage.Name)] IPersistentState<MetricState> state) : Grain, IMetricGrain
{
    private static readonly TimeSpan PersistDelay = TimeSpan.FromMilliseconds(500);

    private readonly SeriesIndex _index = new();
    private bool _dirty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in state.State.Series.Values)
        {
            _index.Add(entry);
        }

        this.RegisterGrainTimer(PersistIfDirtyAsync, new GrainTimerCreationOptions(PersistDelay, PersistDelay));
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        PersistIfDirtyAsync(cancellationToken);

    Task<SeriesRegistration> IMetricGrain.RegisterSeriesAsync(SeriesLabels labels, MetricType type)
    {
        var metricType = state.State.Type ??= type;
        if (metricType != type)
        {
            return Task.FromResult(new SeriesRegistration(
                false,
                metricType,
                "type_conflict",
                $"Metric '{MetricName}' is a {Name(metricType)}; a {Name(type)} sample cannot be stored in it."));
        }

        if (_index.TryGet(labels.Hash, out var existing))
        {
            return Task.FromResult(existing.Labels.Equals(labels)
                ? new SeriesRegistration(true, metricType)
                : new SeriesRegistration(false, metricType, "series_hash_collision",
                    $"Series {labels} collides with {existing.Labels}; rename a dimension value."));
        }

        var entry = new SeriesEntry(labels.Hash, labels, type);
        _index.Add(entry);
        state.State.Series[labels.Hash] = entry;
        _dirty = true;
        return Task.FromResult(new SeriesRegistration(true, metricType));
    }

    Task<ImmutableArray<SeriesEntry>> IMetricGrain.FindSeriesAsync(ImmutableArray<DimensionFilter> filters) =>
        Task.FromResult(_index.Find(filters));

    Task<MetricType?> IMetricGrain.GetMetricTypeAsync() => Task.FromResult(state.State.Type);

    private string MetricName => this.GetPrimaryKeyString()[(this.GetPrimaryKeyString().IndexOf('/') + 1)..];

    private static string Name(MetricType type) => type.ToString().ToLowerInvariant();

    private async Task PersistIfDirtyAsync(CancellationToken cancellationToken)
    {
        if (!_dirty)
        {
            return;
        }

        _dirty = false;
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch
        {
            _dirty = true;
            throw;
        }
    }
}
