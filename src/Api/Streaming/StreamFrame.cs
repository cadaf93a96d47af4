using System.Buffers;
using System.Globalization;
using System.Text;
using Telemetry.Streams;

namespace Telemetry.Api.Streaming;

/// <summary>
/// An event encoded once for every connection of this silo: its JSON (a WebSocket message) and its complete SSE
/// frame (<c>id:</c>, <c>event:</c>, <c>data:</c>). With thousands of subscribers on one stream, encoding per
/// connection would cost more than the writes.
/// </summary>
public sealed class StreamFrame
{
    private StreamFrame(long id, byte[] json, byte[] sse)
    {
        Id = id;
        Json = json;
        Sse = sse;
    }

    /// <summary>Queued to a connection that was idle for a heartbeat interval: an SSE comment, a WebSocket <c>{"type":"heartbeat"}</c>.</summary>
    public static readonly StreamFrame Heartbeat = new(long.MinValue, "{\"type\":\"heartbeat\"}"u8.ToArray(), ": heartbeat\n\n"u8.ToArray());

    public long Id { get; }

    public byte[] Json { get; }

    public byte[] Sse { get; }

    public static StreamFrame From(StreamEvent e)
    {
        var json = StreamEventJson.ToUtf8(e);
        var buffer = new ArrayBufferWriter<byte>(json.Length + 64);
        buffer.Write(Encoding.UTF8.GetBytes($"id: {e.Id.ToString(CultureInfo.InvariantCulture)}\nevent: {(e.Test ? "test" : "match")}\ndata: "));
        buffer.Write(json);
        buffer.Write("\n\n"u8);
        return new StreamFrame(e.Id, json, buffer.WrittenSpan.ToArray());
    }
}
