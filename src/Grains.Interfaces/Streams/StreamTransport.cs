namespace Telemetry.Streams;

/// <summary>How a stream's events reach its subscribers. Kafka and other brokers are not supported.</summary>
[GenerateSerializer]
public enum StreamTransport
{
    /// <summary>Server-Sent Events on <c>GET /ws/connect</c>.</summary>
    Sse = 0,

    /// <summary>A WebSocket on <c>GET /ws/connect</c>.</summary>
    WebSocket = 1,

    /// <summary>Signed HTTP POSTs to the stream's delivery URL.</summary>
    Webhook = 2,
}
