using System.Collections.Immutable;

namespace Telemetry.Alerts;

/// <summary>
/// The state machine of one (rule, group), free of Orleans: the grain hands it the samples it has just
/// applied, or only the time, and keeps the state and sends the notifications that come back.
/// </summary>
/// <remarks>
/// Duration is measured on sample time (a batch of old-but-timely samples can fire at once); no-data and
/// the mute window on wall-clock time (they are about what receivers hear, and when).
/// Receivers hear strictly alternating Firing and Resolved per incident: a Resolved only after a Firing,
/// and a re-fire of an incident within its mute window is held back until the window ends, and dropped
/// if the incident resolves before then.
/// </remarks>
public sealed class AlertEvaluator(AlertEvaluationOptions options)
{
    /// <summary>Evaluates the samples of one group, in time order, just applied at <paramref name="now"/>.</summary>
    public AlertEvaluation Evaluate(AlertRule rule, AlertGroupState state, IEnumerable<AlertSample> samples, DateTimeOffset now)
    {
        var run = new Run(rule, now);
        foreach (var sample in samples)
        {
            if (state.NewestSampleAt is { } newest && sample.At < newest - options.Lateness)
            {
                continue;
            }

            state = state with
            {
                NewestSampleAt = state.NewestSampleAt is { } seen && seen > sample.At ? seen : sample.At,
                LastDataAt = now,
            };
            state = run.Apply(state, sample);
        }

        return run.Finish(run.ReleaseHeldFiring(state));
    }

    /// <summary>
    /// What time alone changes at <paramref name="now"/>: a group silent for the rule's <c>no_data</c> fires;
    /// a firing held back by the mute window is sent once the window has passed.
    /// </summary>
    public AlertEvaluation Tick(AlertRule rule, AlertGroupState state, DateTimeOffset now)
    {
        var run = new Run(rule, now);
        if (rule.NoData is { } noData && state.LastDataAt is { } lastData && now - lastData >= noData && state.State != AlertState.Firing)
        {
            state = run.FireSilent(state, lastData + noData);
        }

        return run.Finish(run.ReleaseHeldFiring(state));
    }

    /// <summary>One evaluation's rule, clock and output.</summary>
    private sealed class Run(AlertRule rule, DateTimeOffset now)
    {
        private readonly ImmutableArray<AlertTransition>.Builder _transitions = ImmutableArray.CreateBuilder<AlertTransition>();
        private readonly ImmutableArray<AlertNotification>.Builder _notifications = ImmutableArray.CreateBuilder<AlertNotification>();

        public AlertGroupState Apply(AlertGroupState state, AlertSample sample)
        {
            if (state.Incident is { State: AlertState.Firing, Cause: IncidentCause.NoData })
            {
                state = Resolve(state, sample);
            }

            var breaches = AlertCondition.Breaches(rule, sample.Value);
            switch (state.State)
            {
                case AlertState.Inactive or AlertState.Resolved when breaches:
                    state = Open(state, sample);
                    return state.ConditionSince is { } since && sample.At - since >= rule.Duration ? Fire(state, sample) : state;

                case AlertState.Pending when breaches:
                    state = state with { Incident = state.Incident! with { LatestValue = sample.Value } };
                    return state.ConditionSince is { } held && sample.At - held >= rule.Duration ? Fire(state, sample) : state;

                case AlertState.Pending:
                    return Abandon(state, sample);

                case AlertState.Firing when AlertCondition.KeepsFiring(rule, sample.Value):
                    return state with { Incident = state.Incident! with { LatestValue = sample.Value } };

                case AlertState.Firing:
                    return Resolve(state, sample);

                default:
                    return state;
            }
        }

        /// <summary>The group has been silent since <paramref name="silentSince"/> + no_data: it fires without a value.</summary>
        public AlertGroupState FireSilent(AlertGroupState state, DateTimeOffset silentSince)
        {
            if (state.State == AlertState.Pending)
            {
                state = Abandon(state, null);
            }

            var incident = Reopenable(state.Incident)
                ?? new IncidentRecord(rule.Id, state.Group, state.State, IncidentCause.NoData, silentSince, null, null, null, null, null, null);
            state = state with { Incident = incident with { Cause = IncidentCause.NoData }, ConditionSince = null };
            return Fire(state, null);
        }

        /// <summary>A firing the mute window held back is sent once the window has passed, if the incident is still firing.</summary>
        public AlertGroupState ReleaseHeldFiring(AlertGroupState state)
        {
            if (state.Incident is not { State: AlertState.Firing } incident || incident.LastNotifiedState == AlertState.Firing || Muted(incident))
            {
                return state;
            }

            return state with { Incident = Notify(AlertNotificationKind.Firing, incident) };
        }

        public AlertEvaluation Finish(AlertGroupState state) => new(state, _transitions.ToImmutable(), _notifications.ToImmutable());

        private AlertGroupState Open(AlertGroupState state, AlertSample sample)
        {
            var from = state.State;
            var incident = Reopenable(state.Incident) is { } reopened
                ? reopened with { State = AlertState.Pending, Cause = IncidentCause.Threshold, LatestValue = sample.Value }
                : new IncidentRecord(rule.Id, state.Group, AlertState.Pending, IncidentCause.Threshold, sample.At, null, null, null, sample.Value, null, null);
            Record(from, AlertState.Pending, sample, notified: false);
            return state with { Incident = incident, ConditionSince = sample.At };
        }

        /// <summary>A pending breach that stopped before its duration: back to the resolved incident it re-opened, or to nothing.</summary>
        private AlertGroupState Abandon(AlertGroupState state, AlertSample? sample)
        {
            var incident = state.Incident!;
            var back = incident.ResolvedAt is null ? null : incident with { State = AlertState.Resolved };
            Record(AlertState.Pending, back?.State ?? AlertState.Inactive, sample, notified: false);
            return state with { Incident = back, ConditionSince = null };
        }

        private AlertGroupState Fire(AlertGroupState state, AlertSample? sample)
        {
            var from = state.State;
            var incident = state.Incident! with
            {
                State = AlertState.Firing,
                FiredAt = state.Incident!.FiredAt ?? now,
                ResolvedAt = null,
                TriggeringValue = sample?.Value,
                LatestValue = sample?.Value,
            };
            var notify = incident.LastNotifiedState != AlertState.Firing && !Muted(incident);
            if (notify)
            {
                incident = Notify(AlertNotificationKind.Firing, incident);
            }

            Record(from, AlertState.Firing, sample, notify);
            return state with { Incident = incident, ConditionSince = null };
        }

        private AlertGroupState Resolve(AlertGroupState state, AlertSample sample)
        {
            var incident = state.Incident! with { State = AlertState.Resolved, ResolvedAt = now, LatestValue = sample.Value };

            // Receivers that were never told it fired (a firing held back by the mute window) hear nothing.
            var notify = incident.LastNotifiedState == AlertState.Firing;
            if (notify)
            {
                incident = Notify(AlertNotificationKind.Resolved, incident);
            }

            Record(AlertState.Firing, AlertState.Resolved, sample, notify);
            return state with { Incident = incident, ConditionSince = null };
        }

        /// <summary>The resolved incident a new breach continues: one whose last notification is within the mute window.</summary>
        private IncidentRecord? Reopenable(IncidentRecord? incident) =>
            incident is { State: AlertState.Resolved } && Muted(incident) ? incident : null;

        private bool Muted(IncidentRecord incident) =>
            rule.MuteWindow is { } mute && incident.LastNotifiedAt is { } last && now - last < mute;

        private IncidentRecord Notify(AlertNotificationKind kind, IncidentRecord incident)
        {
            var notified = incident with
            {
                LastNotifiedAt = now,
                LastNotifiedState = kind == AlertNotificationKind.Firing ? AlertState.Firing : AlertState.Resolved,
            };
            _notifications.Add(new AlertNotification(kind, rule.Id, rule.Version, rule.Name, rule.Severity, rule.RunbookUrl, notified, now));
            return notified;
        }

        private void Record(AlertState from, AlertState to, AlertSample? sample, bool notified) =>
            _transitions.Add(new AlertTransition(from, to, now, sample?.At, sample?.Value, notified));
    }
}
