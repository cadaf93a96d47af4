using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Telemetry.Hosting;
using Telemetry.Schema;
using Telemetry.Tenancy;

namespace Telemetry.Series;

/// <summary>
/// One per tenant and metric: the schema versions, the series index (postings) and the cardinality
/// state. Touched when series are admitted or the schema changes, never per sample. Admissions and
/// schema changes are written through before they are answered; dimension sketches are coalesced
/// and written within <see cref="PersistDelay"/> and on deactivation.
/// </summary>
public sealed partial class MetricGrain(
    [PersistentState("metric", TelemetryStorage.Name)] IPersistentState<MetricState> state,
    IOptions<CardinalityOptions> cardinality,
    TimeProvider time) : Grain, IMetricGrain
{
    private static readonly TimeSpan PersistDelay = TimeSpan.FromMilliseconds(500);

    private readonly SeriesIndex _index = new();
    private readonly Dictionary<string, HyperLogLog> _sketches = new(StringComparer.Ordinal);
    private bool _dirty;

    private string TenantId => this.GetPrimaryKeyString()[..this.GetPrimaryKeyString().IndexOf('/')];

    private string MetricName => this.GetPrimaryKeyString()[(this.GetPrimaryKeyString().IndexOf('/') + 1)..];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in state.State.Series.Values)
        {
            _index.Add(entry);
        }

        foreach (var (key, registers) in state.State.Sketches)
        {
            _sketches[key] = new HyperLogLog(registers);
        }

        this.RegisterGrainTimer(PersistIfDirtyAsync, new GrainTimerCreationOptions(PersistDelay, PersistDelay));
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        PersistIfDirtyAsync(cancellationToken);

    Task<ImmutableArray<SeriesEntry>> IMetricGrain.FindSeriesAsync(ImmutableArray<DimensionFilter> filters) =>
        Task.FromResult(_index.Find(filters));

    Task<MetricType?> IMetricGrain.GetMetricTypeAsync() => Task.FromResult(state.State.Current?.Type);

    private async Task WriteAsync()
    {
        foreach (var (key, sketch) in _sketches)
        {
            state.State.Sketches[key] = sketch.ToArray();
        }

        await state.WriteStateAsync();
        _dirty = false;
    }

    private async Task PersistIfDirtyAsync(CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            await WriteAsync();
        }
    }
}
