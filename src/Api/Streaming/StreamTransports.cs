using Telemetry.Streams;

namespace Telemetry.Api.Streaming;

/// <summary>Transport names on the wire: the supported ones, and the brokers asked for that are not supported.</summary>
public static class StreamTransports
{
    public static readonly string[] Supported = ["sse", "websocket", "webhook"];

    public static readonly string[] NotSupported = ["kafka"];

    public static string Name(StreamTransport transport) => transport switch
    {
        StreamTransport.WebSocket => "websocket",
        StreamTransport.Webhook => "webhook",
        _ => "sse",
    };

    public static bool TryParse(string? text, out StreamTransport transport)
    {
        StreamTransport? parsed = text?.Trim().ToLowerInvariant() switch
        {
            "sse" => StreamTransport.Sse,
            "websocket" or "ws" => StreamTransport.WebSocket,
            "webhook" => StreamTransport.Webhook,
            _ => null,
        };
        transport = parsed.GetValueOrDefault();
        return parsed is not null;
    }
}
