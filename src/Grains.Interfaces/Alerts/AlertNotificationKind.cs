namespace Telemetry.Alerts;

/// <summary>What a notification tells its receivers.</summary>
[GenerateSerializer]
public enum AlertNotificationKind
{
    Firing = 0,
    Resolved = 1,
}
