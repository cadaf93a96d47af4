using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using Orleans.Serialization;

namespace Telemetry.Ingest;

/// <summary>
/// The frame every log implementation writes: <c>[length:int32][crc32:uint32][payload]</c>, the payload a
/// <see cref="CompactLogEntryFormat"/> entry. Logs written before that format hold Orleans-serialized
/// <see cref="LogEntry"/> payloads, which are still read. Reading stops at the first frame that is short or fails
/// its checksum, which is how replay cuts off a torn tail.
/// </summary>
public sealed class LogEntryCodec(Serializer serializer)
{
    public const int HeaderLength = 8;

    // The payload is built here before its length and checksum are known; encoding is synchronous, so one per thread.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_payload;

    /// <summary>The entry as one frame: header and payload in a single array.</summary>
    public byte[] Encode(LogEntry entry)
    {
        var frame = new ArrayBufferWriter<byte>();
        Encode(entry, frame);
        return frame.WrittenSpan.ToArray();
    }

    /// <summary>Appends the entry as one frame to <paramref name="output"/>.</summary>
    public static void Encode(LogEntry entry, IBufferWriter<byte> output)
    {
        var payload = t_payload ??= new ArrayBufferWriter<byte>();
        payload.ResetWrittenCount();
        CompactLogEntryFormat.Write(entry, payload);

        var frame = output.GetSpan(HeaderLength + payload.WrittenCount);
        BinaryPrimitives.WriteInt32LittleEndian(frame, payload.WrittenCount);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[4..], Crc32.HashToUInt32(payload.WrittenSpan));
        payload.WrittenSpan.CopyTo(frame[HeaderLength..]);
        output.Advance(HeaderLength + payload.WrittenCount);
    }

    /// <summary>The next whole entry of a seekable stream, or null at its end or at a torn or corrupt frame.</summary>
    public async Task<LogEntry?> TryReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var header = new byte[HeaderLength];
        if (await stream.ReadAtLeastAsync(header, HeaderLength, throwOnEndOfStream: false, cancellationToken) < HeaderLength)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
        if (length <= 0 || length > stream.Length - stream.Position)
        {
            return null;
        }

        var payload = new byte[length];
        await stream.ReadExactlyAsync(payload, cancellationToken);
        if (Crc32.HashToUInt32(payload) != crc)
        {
            return null;
        }

        return payload[0] == CompactLogEntryFormat.Marker
            ? CompactLogEntryFormat.Read(payload)
            : serializer.Deserialize<LogEntry>(payload);
    }
}
