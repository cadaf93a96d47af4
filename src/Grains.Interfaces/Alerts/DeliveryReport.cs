using Telemetry.Notifications;
using Telemetry.Series;

namespace Telemetry.Alerts;

/// <summary>How the delivery of one notification (or test) to one channel ended, for the rule's history.</summary>
[GenerateSerializer, Immutable]
public sealed record DeliveryReport(
    [property: Id(0)] string? IncidentId,
    [property: Id(1)] SeriesLabels? Group,
    [property: Id(2)] AlertNotificationKind? Notification,
    [property: Id(3)] AlertChannel Channel,
    [property: Id(4)] DeliveryResult Result,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] bool Test = false);
