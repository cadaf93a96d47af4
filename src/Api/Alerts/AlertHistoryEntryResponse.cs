using Telemetry.Alerts;

namespace Telemetry.Api.Alerts;

/// <summary>One history entry: <c>kind</c> transition (from_state, to_state, the sample), delivery or test (channel, delivery).</summary>
public sealed record AlertHistoryEntryResponse(
    long Sequence,
    string Kind,
    DateTimeOffset At,
    string? IncidentId,
    Dictionary<string, string>? Group,
    string? FromState,
    string? ToState,
    DateTimeOffset? SampleAt,
    double? Value,
    bool? Notified,
    string? Notification,
    string? ChannelType,
    string? Channel,
    DeliveryResponse? Delivery)
{
    public static AlertHistoryEntryResponse Of(AlertHistoryEntry entry) => new(
        entry.Sequence,
        entry.Kind.ToString().ToLowerInvariant(),
        entry.At,
        entry.IncidentId,
        entry.Group?.ToDictionary(),
        entry.From?.ToString().ToLowerInvariant(),
        entry.To?.ToString().ToLowerInvariant(),
        entry.SampleAt,
        entry.Value is { } v && double.IsFinite(v) ? v : null,
        entry.Notified,
        entry.Notification?.ToString().ToLowerInvariant(),
        entry.ChannelType?.ToString().ToLowerInvariant(),
        entry.Channel,
        entry.Delivery is { } delivery ? DeliveryResponse.From(delivery) : null);
}
