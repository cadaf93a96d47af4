namespace Telemetry.Streams;

/// <summary>What a stream's feed has done since it was activated: events, webhook deliveries and drops.</summary>
[GenerateSerializer, Immutable, Alias("Telemetry.Streams.StreamFeedStats")]
public sealed record StreamFeedStats(
    [property: Id(0)] long Events,
    [property: Id(1)] int Subscribers,
    [property: Id(2)] long WebhooksDelivered,
    [property: Id(3)] long WebhooksFailed,
    [property: Id(4)] long WebhooksDropped,
    [property: Id(5)] string? LastWebhookError);
