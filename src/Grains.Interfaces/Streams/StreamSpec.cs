namespace Telemetry.Streams;

/// <summary>What a client asks for when it creates or changes a stream; validated by the API.</summary>
[GenerateSerializer, Immutable, Alias("Telemetry.Streams.StreamSpec")]
public sealed record StreamSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] StreamFilter Filter,
    [property: Id(2)] StreamTransport Transport,
    [property: Id(3)] StreamEmit Emit,
    [property: Id(4)] StreamWebhook? Webhook);
