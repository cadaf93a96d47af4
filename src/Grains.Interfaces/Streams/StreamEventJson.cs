using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Telemetry.Streams;

/// <summary>
/// The JSON of an event, the same for SSE <c>data:</c>, WebSocket messages and webhook bodies:
/// <c>{"id","stream_id","type","metric","dimensions","value","timestamp","matched":{"condition","threshold","emit","crossing"},"test"}</c>.
/// </summary>
public static class StreamEventJson
{
    // The JSON is data for programs, never inlined into HTML: "<" stays "<" so conditions read as written.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] ToUtf8(StreamEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(buffer, e);
        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(IBufferWriter<byte> output, StreamEvent e)
    {
        using var json = new Utf8JsonWriter(output, Options);
        json.WriteStartObject();
        json.WriteString("id", e.Id.ToString(CultureInfo.InvariantCulture));
        json.WriteString("stream_id", e.StreamId);
        json.WriteString("type", e.Test ? "test" : "match");
        json.WriteString("metric", e.Metric);
        json.WriteStartObject("dimensions");
        foreach (var (key, value) in e.Dimensions.Pairs)
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
        json.WriteNumber("value", e.Value);
        json.WriteString("timestamp", new DateTime(e.TimestampTicks, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
        json.WriteStartObject("matched");
        if (e.Condition is { } op)
        {
            json.WriteString("condition", StreamConditionText.Format(op));
        }
        else
        {
            json.WriteNull("condition");
        }

        if (e.Threshold is { } threshold)
        {
            json.WriteNumber("threshold", threshold);
        }
        else
        {
            json.WriteNull("threshold");
        }

        json.WriteString("emit", e.Emit == StreamEmit.Crossing ? "crossing" : "every");
        if (e.Crossing == StreamCrossing.None)
        {
            json.WriteNull("crossing");
        }
        else
        {
            json.WriteString("crossing", e.Crossing == StreamCrossing.Entered ? "entered" : "left");
        }

        json.WriteEndObject();
        json.WriteBoolean("test", e.Test);
        json.WriteEndObject();
    }
}
