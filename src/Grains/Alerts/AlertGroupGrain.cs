using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telemetry.Hosting;
using Telemetry.Series;

namespace Telemetry.Alerts;

/// <summary>
/// A rule's coarser group (for example one location over all its SKUs): the series grains of the group send their
/// newest samples, the group's value is their latest values combined by the rule's aggregation, and the rule is
/// evaluated on that value each time it changes. State is persisted when it changes and on deactivation.
/// </summary>
public sealed class AlertGroupGrain(
    [PersistentState("alert-group", TelemetryStorage.Name)] IPersistentState<AlertGroupGrainState> state,
    AlertRuleBook ruleBook,
    AlertNotifier notifier,
    AlertEvaluator evaluator,
    IOptions<AlertEvaluationOptions> options,
    TimeProvider time,
    ILogger<AlertGroupGrain> logger) : Grain, IAlertGroupGrain
{
    private AlertWatch? _watch;
    private GroupAggregator? _aggregator;
    private GroupAggregation _aggregation;
    private IGrainTimer? _timer;

    private string? _tenantId;
    private string? _ruleId;

    /// <summary>From the key <c>tenant/ruleId/groupHash</c>.</summary>
    private string TenantId => _tenantId ??= this.GetPrimaryKeyString().Split('/')[0];

    private string RuleId => _ruleId ??= this.GetPrimaryKeyString().Split('/')[1];

    async Task IAlertGroupGrain.ObserveAsync(SeriesLabels series, SeriesLabels group, long timestamp, double value)
    {
        var definition = await CurrentAsync();
        if (definition is null || !AlertScope.GroupOf(definition.Rule.GroupBy, series).Equals(group))
        {
            return;
        }

        var aggregator = Aggregator(definition.Rule);
        if (aggregator.Observe(series, new AlertSample(new DateTimeOffset(timestamp, TimeSpan.Zero), value)) is not { } sample)
        {
            return;
        }

        var now = time.GetUtcNow();
        var watch = Watch();
        if (definition.Rule.NoData is not null)
        {
            watch.Watch(definition, group, now);
        }

        if (watch.Evaluate(definition, group, [sample], now) is { } evaluation)
        {
            await PublishAsync(definition, [(definition, evaluation)]);
        }

        UpdateTimer(definition);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_aggregator is not null && reason.ReasonCode != DeactivationReasonCode.ShuttingDown)
        {
            try
            {
                await SaveAsync();
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Alert group {Group} could not save its members on deactivation.", this.GetPrimaryKeyString());
            }
        }
    }

    /// <summary>The rule as this silo knows it now; null (and the grain goes away) once it is deleted.</summary>
    private async Task<AlertDefinition?> CurrentAsync()
    {
        var definition = (await ruleBook.GetAsync(TenantId)).Find(RuleId);
        if (definition is null)
        {
            _timer?.Dispose();
            _timer = null;
            DeactivateOnIdle();
        }

        return definition;
    }

    private GroupAggregator Aggregator(AlertRule rule)
    {
        if (_aggregator is null || _aggregation != rule.EffectiveAggregation)
        {
            var members = _aggregator?.Members.Select(m => new GroupMember(m.Key, m.Value.At.UtcTicks, m.Value.Value)) ?? state.State.Members;
            var aggregator = new GroupAggregator(rule.EffectiveAggregation);
            foreach (var member in members.ToList())
            {
                aggregator.Observe(member.Series, new AlertSample(new DateTimeOffset(member.Timestamp, TimeSpan.Zero), member.Value));
            }

            _aggregator = aggregator;
            _aggregation = rule.EffectiveAggregation;
        }

        return _aggregator;
    }

    private AlertWatch Watch()
    {
        if (_watch is null)
        {
            var states = new Dictionary<string, AlertGroupState>(StringComparer.Ordinal);
            if (state.State.Alert is { } saved)
            {
                states[RuleId] = saved;
            }

            _watch = new AlertWatch(evaluator, states);
        }

        return _watch;
    }

    private async Task PublishAsync(AlertDefinition definition, List<(AlertDefinition Definition, AlertEvaluation Evaluation)> changed)
    {
        if (changed.Count == 0)
        {
            return;
        }

        await SaveAsync();
        foreach (var (_, evaluation) in changed)
        {
            notifier.Publish(TenantId, definition, evaluation);
        }
    }

    private Task SaveAsync()
    {
        state.State.Alert = _watch?.States.GetValueOrDefault(RuleId) ?? state.State.Alert;
        if (_aggregator is not null)
        {
            state.State.Members = [.. _aggregator.Members.Select(m => new GroupMember(m.Key, m.Value.At.UtcTicks, m.Value.Value))];
        }

        return state.WriteStateAsync();
    }

    private void UpdateTimer(AlertDefinition definition)
    {
        var needed = Watch().NeedsTicks([definition]);
        if (needed && _timer is null)
        {
            var interval = options.Value.TickInterval;
            _timer = this.RegisterGrainTimer(
                _ => TickAsync(),
                new GrainTimerCreationOptions { DueTime = interval, Period = interval, Interleave = false, KeepAlive = true });
        }
        else if (!needed && _timer is not null)
        {
            _timer.Dispose();
            _timer = null;
        }
    }

    private async Task TickAsync()
    {
        try
        {
            if (await CurrentAsync() is not { } definition)
            {
                return;
            }

            await PublishAsync(definition, Watch().Tick([definition], time.GetUtcNow()));
            UpdateTimer(definition);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Alert tick of group {Group} failed; the next tick tries again.", this.GetPrimaryKeyString());
        }
    }
}
