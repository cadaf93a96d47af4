using Microsoft.Extensions.Time.Testing;
using Telemetry.Alerts;
using Telemetry.Series;

namespace Telemetry.Tests.Alerts;

/// <summary>One (rule, group) driven the way a grain would drive it: samples as they are applied, ticks as time passes.</summary>
internal sealed class WatchedGroup
{
    private readonly AlertRule _rule;
    private readonly AlertEvaluator _evaluator;

    public WatchedGroup(AlertRule rule, TimeSpan? lateness = null, SeriesLabels? group = null)
    {
        _rule = rule;
        _evaluator = new AlertEvaluator(new AlertEvaluationOptions { Lateness = lateness ?? TimeSpan.FromMinutes(5) });
        State = AlertGroupState.Start(group ?? Rules.SkuAtLocation, Time.GetUtcNow());
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    public AlertGroupState State { get; private set; }

    public List<AlertNotification> Sent { get; } = [];

    public List<AlertTransition> Transitions { get; } = [];

    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>A sample stamped now, applied now.</summary>
    public AlertState Send(double value) => SendAt(Now, value);

    /// <summary>Advances the clock, then sends a sample stamped with the new time.</summary>
    public AlertState SendAfter(TimeSpan elapsed, double value)
    {
        Time.Advance(elapsed);
        return Send(value);
    }

    /// <summary>Samples with their own timestamps, applied as one batch now.</summary>
    public AlertState SendAt(DateTimeOffset at, double value, params (DateTimeOffset At, double Value)[] more) =>
        Take(_evaluator.Evaluate(_rule, State, [new AlertSample(at, value), .. more.Select(s => new AlertSample(s.At, s.Value))], Now));

    public AlertState Tick() => Take(_evaluator.Tick(_rule, State, Now));

    public AlertState TickAfter(TimeSpan elapsed)
    {
        Time.Advance(elapsed);
        return Tick();
    }

    public AlertNotificationKind[] SentKinds => [.. Sent.Select(n => n.Kind)];

    private AlertState Take(AlertEvaluation evaluation)
    {
        State = evaluation.State;
        Sent.AddRange(evaluation.Notifications);
        Transitions.AddRange(evaluation.Transitions);
        return State.State;
    }
}
