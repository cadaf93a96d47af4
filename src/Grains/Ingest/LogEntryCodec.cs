using System.Buffers.Binary;
using System.IO.Hashing;
using Orleans.Serialization;

namespace Telemetry.Ingest;

/// <summary>
/// The frame every log implementation writes: <c>[length:int32][crc32:uint32][payload]</c>, the payload an
/// Orleans-serialized <see cref="LogEntry"/>. Reading stops at the first frame that is short or fails its
/// checksum, which is how replay cuts off a torn tail.
/// </summary>
public sealed class LogEntryCodec(Serializer serializer)
{
    public const int HeaderLength = 8;

    /// <summary>The entry as one frame: header and payload in a single array.</summary>
    public byte[] Encode(LogEntry entry)
    {
        var payload = serializer.SerializeToArray(entry);
        var frame = new byte[HeaderLength + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), Crc32.HashToUInt32(payload));
        payload.CopyTo(frame.AsSpan(HeaderLength));
        return frame;
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

        return serializer.Deserialize<LogEntry>(payload);
    }
}
