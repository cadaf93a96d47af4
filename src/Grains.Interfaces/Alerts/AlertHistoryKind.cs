namespace Telemetry.Alerts;

/// <summary>What a history entry records.</summary>
[GenerateSerializer]
public enum AlertHistoryKind
{
    /// <summary>A (rule, group) changed state.</summary>
    Transition = 0,

    /// <summary>A notification was delivered to a channel, or failed to be.</summary>
    Delivery = 1,

    /// <summary>A test notification (<c>POST /alerts/{id}/test</c>) was delivered to a channel, or failed to be.</summary>
    Test = 2,
}
