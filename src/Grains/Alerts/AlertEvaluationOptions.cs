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
}
