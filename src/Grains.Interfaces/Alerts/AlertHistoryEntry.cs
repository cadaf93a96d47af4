using Telemetry.Notifications;
using Telemetry.Series;

namespace Telemetry.Alerts;

/// <summary>One line of a rule's history: a state change, or a delivery to one channel.</summary>
/// <remarks>
/// <para>Transitions fill <see cref="From"/>, <see cref="To"/>, <see cref="SampleAt"/>, <see cref="Value"/> and <see cref="Notified"/>.</para>
/// <para>Deliveries and tests fill <see cref="Notification"/> (not for tests), <see cref="Channel"/>, <see cref="ChannelType"/> and <see cref="Delivery"/>.</para>
/// </remarks>
[GenerateSerializer, Immutable]
public sealed record AlertHistoryEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] AlertHistoryKind Kind,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string? IncidentId,
    [property: Id(4)] SeriesLabels? Group,
    [property: Id(5)] AlertState? From,
    [property: Id(6)] AlertState? To,
    [property: Id(7)] DateTimeOffset? SampleAt,
    [property: Id(8)] double? Value,
    [property: Id(9)] bool? Notified,
    [property: Id(10)] AlertNotificationKind? Notification,
    [property: Id(11)] string? Channel,
    [property: Id(12)] AlertChannelType? ChannelType,
    [property: Id(13)] DeliveryResult? Delivery);
