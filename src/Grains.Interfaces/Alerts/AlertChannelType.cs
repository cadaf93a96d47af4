namespace Telemetry.Alerts;

/// <summary>Where a rule's notifications go.</summary>
[GenerateSerializer]
public enum AlertChannelType
{
    /// <summary>An HTTP POST of the notification as JSON, signed with the channel's secret.</summary>
    Webhook = 0,

    /// <summary>A plain-text mail through the configured SMTP server.</summary>
    Email = 1,
}
