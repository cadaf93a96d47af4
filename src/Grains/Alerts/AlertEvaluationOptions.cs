namespace Telemetry.Alerts;

/// <summary>Bound from <c>Telemetry:Alerts</c>.</summary>
public sealed class AlertEvaluationOptions
{
    public const string Section = "Telemetry:Alerts";

    /// <summary>
    /// Samples older than this behind the newest sample seen for a group do not change its alert state
    /// (a scanner replaying yesterday's buffer must not fire or resolve today's incident).
    /// </summary>
    public TimeSpan Lateness { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often each silo asks whether a tenant's rules changed; a change reaches every silo within this (plus one call).</summary>
    public TimeSpan RuleRefreshInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often a watched group checks what time alone changes (no-data, a muted firing becoming due).</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>History entries and incidents kept per rule; the oldest go first.</summary>
    public int HistoryLimit { get; set; } = 1000;

    /// <summary>Notifications delivered at the same time per silo; more wait their turn.</summary>
    public int DeliveryConcurrency { get; set; } = 64;
}
