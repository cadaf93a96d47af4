using Microsoft.Extensions.Logging;
using Telemetry.Alerts;

namespace Telemetry.Series;

/// <summary>
/// Alert rules on the batch just applied. A rule whose <c>group_by</c> keeps every dimension of the series is
/// evaluated here, with its state persisted in the series' own state when it changes; for a coarser <c>group_by</c>
/// the newest sample goes to the rule's group grain. A no-data rule, or a firing held back by a mute window, keeps a
/// tick timer running, which also keeps the grain active.
/// </summary>
public sealed partial class SeriesGrain
{
    private AlertWatch? _alerts;
    private IGrainTimer? _alertTimer;

    private AlertWatch Alerts => _alerts ??= new AlertWatch(evaluator, state.State.Alerts);

    /// <summary>Evaluates the rules watching this series on the samples of <paramref name="batch"/>.</summary>
    private async Task EvaluateAlertsAsync(SeriesBatch batch)
    {
        if (!ruleBook.TryGet(batch.TenantId, out var rules))
        {
            rules = await ruleBook.GetAsync(batch.TenantId);
        }

        var definitions = rules.For(batch.Metric);
        if (definitions.IsEmpty && _alerts is null && state.State.Alerts is null)
        {
            return;
        }

        var samples = Samples(batch);
        await RunAlertsAsync(batch.TenantId, batch.Labels, definitions, samples);
    }

    /// <summary>A rule of this series' metric changed: evaluate the newest sample against the rules as they are now.</summary>
    async Task ISeriesGrain.RefreshAlertsAsync()
    {
        var (tenantId, metric) = TenantAndMetric();
        var definitions = (await ruleBook.GetAsync(tenantId)).For(metric);
        if (_labels is null)
        {
            return;
        }

        AlertSample[] samples = _window.Last is var (timestamp, value) ? [new AlertSample(new DateTimeOffset(timestamp, TimeSpan.Zero), value)] : [];
        await RunAlertsAsync(tenantId, _labels, definitions, samples);
    }

    private async Task RunAlertsAsync(string tenantId, SeriesLabels labels, System.Collections.Immutable.ImmutableArray<AlertDefinition> definitions, AlertSample[] samples)
    {
        var now = time.GetUtcNow();
        var watching = definitions.Where(d => AlertScope.Matches(d.Rule.Filters, labels)).ToList();
        var changed = new List<(AlertDefinition Definition, AlertEvaluation Evaluation)>();
        var forgot = Alerts.Forget(id => watching.Any(d => d.Rule.Id == id && d.Rule.IsPerSeries(labels)));
        foreach (var definition in watching)
        {
            if (definition.Rule.IsPerSeries(labels))
            {
                if (definition.Rule.NoData is not null)
                {
                    Alerts.Watch(definition, labels, now);
                }

                if (samples.Length > 0 && Alerts.Evaluate(definition, labels, samples, now) is { } evaluation)
                {
                    changed.Add((definition, evaluation));
                }
            }
            else if (samples.Length > 0)
            {
                var group = AlertScope.GroupOf(definition.Rule.GroupBy, labels);
                var newest = samples[^1];
                _ = GrainFactory.GetGrain<IAlertGroupGrain>(AlertKeys.ForGroup(tenantId, definition.Rule.Id, group))
                    .ObserveAsync(labels, group, newest.At.UtcTicks, newest.Value);
            }
        }

        await PublishAlertsAsync(tenantId, changed, persist: forgot);
        UpdateAlertTimer(tenantId, watching);
    }

    /// <summary>Persists the alert states when something changed, then hands the changes to the notifier.</summary>
    private async Task PublishAlertsAsync(string tenantId, List<(AlertDefinition Definition, AlertEvaluation Evaluation)> changed, bool persist)
    {
        if (changed.Count == 0 && !persist)
        {
            return;
        }

        state.State.Alerts = Alerts.States.Count == 0 ? null : Alerts.States;
        await state.WriteStateAsync();
        foreach (var (definition, evaluation) in changed)
        {
            notifier.Publish(tenantId, definition, evaluation);
        }
    }

    private void UpdateAlertTimer(string tenantId, List<AlertDefinition> watching)
    {
        var needed = Alerts.NeedsTicks(watching);
        if (needed && _alertTimer is null)
        {
            var interval = alertOptions.Value.TickInterval;
            _alertTimer = this.RegisterGrainTimer(
                _ => TickAlertsAsync(tenantId),
                new GrainTimerCreationOptions { DueTime = interval, Period = interval, Interleave = false, KeepAlive = true });
        }
        else if (!needed && _alertTimer is not null)
        {
            _alertTimer.Dispose();
            _alertTimer = null;
        }
    }

    private async Task TickAlertsAsync(string tenantId)
    {
        if (_labels is null)
        {
            return;
        }

        try
        {
            var (_, metric) = TenantAndMetric();
            var watching = (await ruleBook.GetAsync(tenantId)).For(metric)
                .Where(d => AlertScope.Matches(d.Rule.Filters, _labels) && d.Rule.IsPerSeries(_labels))
                .ToList();
            var forgot = Alerts.Forget(id => watching.Any(d => d.Rule.Id == id));
            await PublishAlertsAsync(tenantId, Alerts.Tick(watching, time.GetUtcNow()), forgot);
            UpdateAlertTimer(tenantId, watching);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Alert tick of series {Series} failed; the next tick tries again.", this.GetPrimaryKeyString());
        }
    }

    /// <summary>The batch's samples in time order, as alert samples.</summary>
    private static AlertSample[] Samples(SeriesBatch batch)
    {
        var samples = new AlertSample[batch.Timestamps.Length];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = new AlertSample(new DateTimeOffset(batch.Timestamps[i], TimeSpan.Zero), batch.Values[i]);
        }

        if (!IsSorted(batch.Timestamps))
        {
            Array.Sort(samples, (a, b) => a.At.CompareTo(b.At));
        }

        return samples;
    }

    private static bool IsSorted(System.Collections.Immutable.ImmutableArray<long> timestamps)
    {
        for (var i = 1; i < timestamps.Length; i++)
        {
            if (timestamps[i] < timestamps[i - 1])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The tenant and metric from the grain key <c>tenant/metric/hash</c>.</summary>
    private (string TenantId, string Metric) TenantAndMetric()
    {
        var key = this.GetPrimaryKeyString();
        var first = key.IndexOf('/');
        var last = key.LastIndexOf('/');
        return (key[..first], key[(first + 1)..last]);
    }
}
