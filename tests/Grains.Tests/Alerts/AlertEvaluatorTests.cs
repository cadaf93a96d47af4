using Telemetry.Alerts;
using Xunit;
using Kind = Telemetry.Alerts.AlertNotificationKind;
using static Telemetry.Alerts.AlertState;

namespace Telemetry.Tests.Alerts;

public sealed class AlertEvaluatorTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void Breach_is_pending_until_it_has_held_for_the_duration_then_fires_once()
    {
        var group = new WatchedGroup(Rules.LowStock(duration: 5 * Minute));
        var openedAt = group.Now;

        Assert.Equal(Pending, group.Send(8));
        Assert.Equal(Pending, group.SendAfter(5 * Minute - TimeSpan.FromSeconds(1), 7));
        Assert.Empty(group.Sent);
        Assert.Equal(Firing, group.SendAfter(TimeSpan.FromSeconds(1), 6));
        Assert.Equal(Firing, group.SendAfter(Minute, 5));

        var firing = Assert.Single(group.Sent);
        Assert.Equal(Kind.Firing, firing.Kind);
        Assert.Equal(openedAt, firing.Incident.OpenedAt);
        Assert.Equal(6, firing.Incident.TriggeringValue);
        Assert.Equal("https://runbooks.example/low-stock", firing.RunbookUrl);
        Assert.Equal(5, group.State.Incident!.LatestValue);
    }

    [Fact]
    public void Duration_is_measured_on_sample_time_not_on_arrival_time()
    {
        var group = new WatchedGroup(Rules.LowStock(duration: 5 * Minute));
        var start = group.Now;

        // Held for 5 minutes of sample time, arriving together: fires at once.
        Assert.Equal(Firing, group.SendAt(start, 8, (start + 5 * Minute, 8)));

        // Held for 1 minute of sample time, arriving 10 minutes apart: still pending.
        var other = new WatchedGroup(Rules.LowStock(duration: 5 * Minute));
        Assert.Equal(Pending, other.SendAt(other.Now, 8));
        other.Time.Advance(10 * Minute);
        Assert.Equal(Pending, other.SendAt(other.Now - 9 * Minute, 8));
    }

    [Fact]
    public void An_interruption_resets_the_duration()
    {
        var group = new WatchedGroup(Rules.LowStock(duration: 5 * Minute));

        Assert.Equal(Pending, group.Send(8));
        Assert.Equal(Inactive, group.SendAfter(3 * Minute, 12));
        Assert.Equal(Pending, group.SendAfter(Minute, 8));
        Assert.Equal(Pending, group.SendAfter(4 * Minute, 8)); // 8 minutes after the first breach, 4 after the second
        Assert.Empty(group.Sent);
        Assert.Equal(Firing, group.SendAfter(Minute, 8));
        Assert.Equal([Kind.Firing], group.SentKinds);
    }

    [Fact]
    public void Duration_zero_fires_on_the_first_breaching_sample()
    {
        var group = new WatchedGroup(Rules.LowStock(duration: TimeSpan.Zero));

        Assert.Equal(Inactive, group.Send(10));
        Assert.Equal(Firing, group.SendAfter(Minute, 9));
        Assert.Equal([Kind.Firing], group.SentKinds);
        Assert.Equal([(Inactive, Pending), (Pending, Firing)], group.Transitions.Select(t => (t.From, t.To)));
    }

    [Fact]
    public void Recovery_threshold_keeps_firing_until_the_value_has_clearly_recovered()
    {
        var group = new WatchedGroup(Rules.LowStock(recovery: 15));

        Assert.Equal(Firing, group.Send(8));
        Assert.Equal(Firing, group.SendAfter(Minute, 12));
        Assert.Equal(Firing, group.SendAfter(Minute, 14.99));
        Assert.Equal(Resolved, group.SendAfter(Minute, 15));
        Assert.Equal([Kind.Firing, Kind.Resolved], group.SentKinds);
        Assert.Equal(15, group.Sent[1].Incident.LatestValue);
    }

    [Fact]
    public void Without_recovery_threshold_a_firing_group_resolves_as_soon_as_the_condition_fails()
    {
        var group = new WatchedGroup(Rules.LowStock());

        Assert.Equal(Firing, group.Send(8));
        Assert.Equal(Resolved, group.SendAfter(Minute, 10));
    }

    [Fact]
    public void A_value_bouncing_around_the_threshold_does_not_flap()
    {
        var group = new WatchedGroup(Rules.LowStock(recovery: 15));

        foreach (var value in new double[] { 9, 11, 9, 11, 9.5, 12, 9 })
        {
            Assert.Equal(Firing, group.SendAfter(Minute, value));
        }

        Assert.Equal([Kind.Firing], group.SentKinds);
    }

    [Fact]
    public void Recovery_threshold_works_below_a_greater_than_threshold()
    {
        var group = new WatchedGroup(Rules.LowStock(op: ComparisonOperator.GreaterThan, threshold: 90, recovery: 80));

        Assert.Equal(Firing, group.Send(95));
        Assert.Equal(Firing, group.SendAfter(Minute, 85));
        Assert.Equal(Resolved, group.SendAfter(Minute, 80));
    }

    [Fact]
    public void Pending_ignores_the_recovery_threshold()
    {
        // Hysteresis only delays leaving Firing; a breach that stops before the duration is abandoned.
        var group = new WatchedGroup(Rules.LowStock(duration: 5 * Minute, recovery: 15));

        Assert.Equal(Pending, group.Send(8));
        Assert.Equal(Inactive, group.SendAfter(Minute, 12));
        Assert.Null(group.State.Incident);
    }

    [Theory]
    [InlineData(ComparisonOperator.LessThan, 9.999, true)]
    [InlineData(ComparisonOperator.LessThan, 10, false)]
    [InlineData(ComparisonOperator.LessThanOrEqual, 10, true)]
    [InlineData(ComparisonOperator.LessThanOrEqual, 10.001, false)]
    [InlineData(ComparisonOperator.GreaterThan, 10.001, true)]
    [InlineData(ComparisonOperator.GreaterThan, 10, false)]
    [InlineData(ComparisonOperator.GreaterThanOrEqual, 10, true)]
    [InlineData(ComparisonOperator.GreaterThanOrEqual, 9.999, false)]
    [InlineData(ComparisonOperator.Equal, 10, true)]
    [InlineData(ComparisonOperator.Equal, 10.000000000000002, false)]
    [InlineData(ComparisonOperator.NotEqual, 10.000000000000002, true)]
    [InlineData(ComparisonOperator.NotEqual, 10, false)]
    public void Each_operator_compares_the_latest_value_with_the_threshold(ComparisonOperator op, double value, bool fires)
    {
        var group = new WatchedGroup(Rules.LowStock(op: op, threshold: 10));

        Assert.Equal(fires ? Firing : Inactive, group.Send(value));
    }

    [Fact]
    public void Equality_rules_ignore_the_recovery_threshold()
    {
        var group = new WatchedGroup(Rules.LowStock(op: ComparisonOperator.Equal, threshold: 0, recovery: 5));

        Assert.Equal(Firing, group.Send(0));
        Assert.Equal(Resolved, group.SendAfter(Minute, 1));
    }

    [Fact]
    public void A_silent_group_fires_after_no_data_and_resolves_when_data_returns()
    {
        var group = new WatchedGroup(Rules.LowStock(noData: 10 * Minute));

        Assert.Equal(Inactive, group.Send(20));
        Assert.Equal(Inactive, group.TickAfter(10 * Minute - TimeSpan.FromSeconds(1)));
        Assert.Equal(Firing, group.TickAfter(TimeSpan.FromSeconds(1)));
        Assert.Equal(Firing, group.TickAfter(30 * Minute));

        var firing = Assert.Single(group.Sent);
        Assert.Equal(IncidentCause.NoData, firing.Incident.Cause);
        Assert.Null(firing.Incident.TriggeringValue);

        Assert.Equal(Resolved, group.SendAfter(Minute, 20));
        Assert.Equal([Kind.Firing, Kind.Resolved], group.SentKinds);
    }

    [Fact]
    public void No_data_is_measured_from_the_last_sample_that_arrived()
    {
        var group = new WatchedGroup(Rules.LowStock(noData: 10 * Minute));

        group.SendAfter(8 * Minute, 20);
        Assert.Equal(Inactive, group.TickAfter(8 * Minute)); // 16 minutes after the start, 8 after the last sample
        Assert.Equal(Firing, group.TickAfter(2 * Minute));
    }

    [Fact]
    public void A_breaching_sample_that_ends_a_silence_resolves_it_and_opens_a_threshold_incident()
    {
        var group = new WatchedGroup(Rules.LowStock(noData: 10 * Minute));

        group.TickAfter(10 * Minute);
        Assert.Equal(Firing, group.Send(3));

        Assert.Equal([Kind.Firing, Kind.Resolved, Kind.Firing], group.SentKinds);
        Assert.Equal(IncidentCause.Threshold, group.State.Incident!.Cause);
        Assert.Equal(3, group.State.Incident.TriggeringValue);
    }

    [Fact]
    public void A_re_fire_within_the_mute_window_re_opens_the_incident_without_notifying()
    {
        var group = new WatchedGroup(Rules.LowStock(mute: 30 * Minute));
        var openedAt = group.Now;

        group.Send(5);
        group.SendAfter(Minute, 20);
        Assert.Equal(Firing, group.SendAfter(Minute, 5));
        Assert.Equal(Resolved, group.SendAfter(Minute, 20));
        Assert.Equal(Firing, group.SendAfter(Minute, 5));

        Assert.Equal([Kind.Firing, Kind.Resolved], group.SentKinds);
        Assert.Equal(openedAt, group.State.Incident!.OpenedAt);
        Assert.Equal([false, false, false, false, false], group.Transitions.Skip(3).Select(t => t.Notified));
    }

    [Fact]
    public void A_held_back_re_fire_is_sent_when_the_mute_window_ends_if_still_firing()
    {
        var group = new WatchedGroup(Rules.LowStock(mute: 30 * Minute));

        group.Send(5);
        group.SendAfter(Minute, 20);
        group.SendAfter(Minute, 5);
        Assert.Equal(Firing, group.TickAfter(28 * Minute));
        Assert.Equal([Kind.Firing, Kind.Resolved], group.SentKinds);

        group.TickAfter(Minute);
        Assert.Equal([Kind.Firing, Kind.Resolved, Kind.Firing], group.SentKinds);
        group.TickAfter(Minute);
        Assert.Equal(3, group.Sent.Count);
    }

    [Fact]
    public void A_re_fire_after_the_mute_window_is_a_new_notified_incident()
    {
        var group = new WatchedGroup(Rules.LowStock(mute: 30 * Minute));

        group.Send(5);
        group.SendAfter(Minute, 20);
        Assert.Equal(Firing, group.SendAfter(30 * Minute, 5));

        Assert.Equal([Kind.Firing, Kind.Resolved, Kind.Firing], group.SentKinds);
        Assert.Equal(group.Now, group.State.Incident!.OpenedAt);
    }

    [Fact]
    public void Samples_older_than_the_lateness_do_not_change_state()
    {
        var group = new WatchedGroup(Rules.LowStock(), lateness: 5 * Minute);
        var start = group.Now;

        group.SendAt(start + 10 * Minute, 20);
        Assert.Equal(Inactive, group.SendAt(start + 4 * Minute, 5)); // 6 minutes behind the newest
        Assert.Empty(group.Sent);
        Assert.Equal(Firing, group.SendAt(start + 6 * Minute, 5)); // 4 minutes behind: still counts
    }

    [Fact]
    public void A_late_sample_does_not_resolve_a_firing_incident_or_end_a_silence()
    {
        var group = new WatchedGroup(Rules.LowStock(noData: 10 * Minute), lateness: 5 * Minute);
        var start = group.Now;

        Assert.Equal(Firing, group.SendAt(start, 5));
        Assert.Equal(Firing, group.SendAt(start - 6 * Minute, 50));
        Assert.Equal(Firing, group.TickAfter(10 * Minute)); // still firing, now for the silence too
        Assert.Equal([Kind.Firing], group.SentKinds);
    }

    [Fact]
    public void The_low_stock_example_of_docs_alerting_md_plays_out_as_documented()
    {
        var group = new WatchedGroup(Rules.LowStock(duration: 5 * Minute, recovery: 15, mute: 30 * Minute));
        var start = group.Now;
        AlertState At(int minute, double value)
        {
            group.Time.Advance(start + minute * Minute - group.Now);
            return group.Send(value);
        }

        Assert.Equal(Inactive, At(0, 12));
        Assert.Equal(Pending, At(1, 9));
        Assert.Equal(Inactive, At(3, 11));
        Assert.Equal(Pending, At(4, 8));
        Assert.Equal(Firing, At(9, 7));
        Assert.Equal(Firing, At(10, 12));
        Assert.Equal(Resolved, At(12, 16));
        Assert.Equal(Pending, At(14, 8));
        Assert.Equal(Firing, At(19, 6));
        Assert.Equal([Kind.Firing, Kind.Resolved], group.SentKinds);
        Assert.Equal(Firing, group.TickAfter(start + 42 * Minute - group.Now));
        Assert.Equal(Resolved, At(50, 20));
        Assert.Equal([Kind.Firing, Kind.Resolved, Kind.Firing, Kind.Resolved], group.SentKinds);
        Assert.Equal(start + 4 * Minute, group.Sent[0].Incident.OpenedAt);
        Assert.Equal(7, group.Sent[0].Incident.TriggeringValue);
    }
}
