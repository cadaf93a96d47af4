namespace Telemetry.Streams;

/// <summary>Where a <see cref="StreamTransport.Webhook"/> stream posts its events, and the secret they are signed with.</summary>
[GenerateSerializer, Immutable, Alias("Telemetry.Streams.StreamWebhook")]
public sealed record StreamWebhook(
    [property: Id(0)] string Url,
    [property: Id(1)] string Secret);
