namespace Telemetry.Alerts;

/// <summary>How urgent a rule's notifications are; carried into every notification unchanged.</summary>
[GenerateSerializer]
public enum AlertSeverity
{
    Info = 0,
    Warning = 1,
    Critical = 2,
}
