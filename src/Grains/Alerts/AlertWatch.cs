using Telemetry.Series;

namespace Telemetry.Alerts;

/// <summary>
/// The alert groups one grain evaluates (a series grain: one per rule watching the series; a group grain: its one
/// group), by rule id. It runs the <see cref="AlertEvaluator"/> and keeps each group's state; the grain persists
/// <see cref="States"/> whenever an evaluation changed state, then publishes it.
/// </summary>
public sealed class AlertWatch(AlertEvaluator evaluator, Dictionary<string, AlertGroupState>? states = null)
{
    public Dictionary<string, AlertGroupState> States { get; } = states ?? new(StringComparer.Ordinal);

    /// <summary>Evaluates the group's samples (in time order) against the rule; the evaluation when it changed state, else null.</summary>
    public AlertEvaluation? Evaluate(AlertDefinition definition, SeriesLabels group, IEnumerable<AlertSample> samples, DateTimeOffset now)
    {
        var rule = definition.Rule;
        var before = States.GetValueOrDefault(rule.Id) is { } known && known.Group.Equals(group) ? known : AlertGroupState.Start(group, now);
        var evaluation = evaluator.Evaluate(rule, before, samples, now);
        States[rule.Id] = evaluation.State;
        return evaluation.Transitions.IsEmpty && evaluation.Notifications.IsEmpty ? null : evaluation;
    }

    /// <summary>Starts the no-data clock of a rule's group that has no state yet (a rule created while the series is silent).</summary>
    public void Watch(AlertDefinition definition, SeriesLabels group, DateTimeOffset now) =>
        States.TryAdd(definition.Rule.Id, AlertGroupState.Start(group, now));

    /// <summary>What time alone changes for each watched rule; the evaluations that changed state.</summary>
    public List<(AlertDefinition Definition, AlertEvaluation Evaluation)> Tick(IEnumerable<AlertDefinition> definitions, DateTimeOffset now)
    {
        var changed = new List<(AlertDefinition, AlertEvaluation)>();
        foreach (var definition in definitions)
        {
            if (!States.TryGetValue(definition.Rule.Id, out var before))
            {
                continue;
            }

            var evaluation = evaluator.Tick(definition.Rule, before, now);
            States[definition.Rule.Id] = evaluation.State;
            if (!evaluation.Transitions.IsEmpty || !evaluation.Notifications.IsEmpty)
            {
                changed.Add((definition, evaluation));
            }
        }

        return changed;
    }

    /// <summary>Whether time alone can change something: a no-data rule, or a firing the mute window holds back.</summary>
    public bool NeedsTicks(IEnumerable<AlertDefinition> definitions) =>
        definitions.Any(d => d.Rule.NoData is not null && States.ContainsKey(d.Rule.Id))
        || States.Values.Any(s => s.Incident is { State: AlertState.Firing } incident && incident.LastNotifiedState != AlertState.Firing);

    /// <summary>Drops the state of rules that no longer watch this grain (deleted, or their filters or groups changed); whether any was dropped.</summary>
    public bool Forget(Func<string, bool> stillWatching)
    {
        var gone = States.Keys.Where(id => !stillWatching(id)).ToList();
        foreach (var id in gone)
        {
            States.Remove(id);
        }

        return gone.Count > 0;
    }
}
