namespace Telemetry.Alerts;

/// <summary>One sample of a group as an alert sees it: a series' sample, or a coarser group's aggregated value at the time it changed.</summary>
public readonly record struct AlertSample(DateTimeOffset At, double Value);
