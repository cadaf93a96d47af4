using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using Telemetry.Series;

namespace Telemetry.Ingest;

/// <summary>
/// The payload of a log frame in a compact binary form written by hand: one table of the entry's distinct strings
/// (tenant, metric, label keys and values), then per batch indexes into it and the raw samples. Serializing full
/// label sets per batch with the general Orleans serializer was about a tenth of the silo's CPU at ingest load.
/// Little-endian; counts and indexes are 7-bit varints. The first byte, <see cref="Marker"/>, tells it apart from
/// the Orleans-serialized payloads of older logs.
/// </summary>
public static class CompactLogEntryFormat
{
    /// <summary>First payload byte of this format (version 1); an Orleans payload of a <see cref="LogEntry"/> never starts with it.</summary>
    public const byte Marker = 0xC1;

    // Reused: an entry of a 2,000-series request has thousands of distinct strings; writing is synchronous.
    [ThreadStatic]
    private static StringTable? t_strings;

    public static void Write(LogEntry entry, IBufferWriter<byte> output)
    {
        var strings = t_strings ??= new StringTable();
        strings.Clear();
        foreach (var batch in entry.Batches)
        {
            strings.Add(batch.TenantId);
            strings.Add(batch.Metric);
            foreach (var (key, value) in batch.Labels.Pairs)
            {
                strings.Add(key);
                strings.Add(value);
            }
        }

        var writer = new PayloadWriter(output);
        writer.Byte(Marker);
        writer.VarInt((ulong)entry.Sequence);
        writer.VarInt((ulong)strings.Count);
        foreach (var text in strings.InOrder)
        {
            writer.String(text);
        }

        writer.VarInt((ulong)entry.Batches.Length);
        foreach (var batch in entry.Batches)
        {
            writer.VarInt((ulong)strings.IndexOf(batch.TenantId));
            writer.VarInt((ulong)strings.IndexOf(batch.Metric));
            writer.Byte((byte)batch.Type);
            writer.VarInt((ulong)batch.TypeEpoch);
            writer.Byte(batch.Replayed ? (byte)1 : (byte)0);
            writer.VarInt((ulong)batch.Labels.Count);
            foreach (var (key, value) in batch.Labels.Pairs)
            {
                writer.VarInt((ulong)strings.IndexOf(key));
                writer.VarInt((ulong)strings.IndexOf(value));
            }

            writer.VarInt((ulong)batch.Timestamps.Length);
            foreach (var timestamp in batch.Timestamps)
            {
                writer.Int64(timestamp);
            }

            foreach (var value in batch.Values)
            {
                writer.Int64(BitConverter.DoubleToInt64Bits(value));
            }
        }

        writer.Flush();
    }

    /// <summary>Reads a payload written by <see cref="Write"/>; throws <see cref="InvalidDataException"/> when it is malformed.</summary>
    public static LogEntry Read(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        if (reader.Byte() != Marker)
        {
            throw new InvalidDataException("Not a compact log entry.");
        }

        var sequence = (long)reader.VarInt();
        var strings = new string[reader.Count()];
        for (var i = 0; i < strings.Length; i++)
        {
            strings[i] = reader.String();
        }

        var batchCount = reader.Count();
        var batches = ImmutableArray.CreateBuilder<SeriesBatch>(batchCount);
        for (var b = 0; b < batchCount; b++)
        {
            var tenant = reader.StringAt(strings);
            var metric = reader.StringAt(strings);
            var type = (MetricType)reader.Byte();
            var typeEpoch = (int)reader.VarInt();
            var replayed = reader.Byte() != 0;
            var pairs = new KeyValuePair<string, string>[reader.Count()];
            for (var p = 0; p < pairs.Length; p++)
            {
                pairs[p] = new(reader.StringAt(strings), reader.StringAt(strings));
            }

            var timestamps = new long[reader.Count()];
            for (var s = 0; s < timestamps.Length; s++)
            {
                timestamps[s] = reader.Int64();
            }

            var values = new double[timestamps.Length];
            for (var s = 0; s < values.Length; s++)
            {
                values[s] = BitConverter.Int64BitsToDouble(reader.Int64());
            }

            batches.Add(new SeriesBatch(
                tenant, metric, type, new SeriesLabels(pairs), ImmutableArray.Create(timestamps), ImmutableArray.Create(values), typeEpoch, replayed));
        }

        if (!reader.AtEnd)
        {
            throw new InvalidDataException("A compact log entry has bytes after its last batch.");
        }

        return new LogEntry(sequence, batches.MoveToImmutable());
    }

    /// <summary>The distinct strings of one entry, numbered in first-seen order.</summary>
    private sealed class StringTable
    {
        private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);

        public List<string> InOrder { get; } = [];

        public int Count => InOrder.Count;

        public void Add(string text)
        {
            if (_indexes.TryAdd(text, InOrder.Count))
            {
                InOrder.Add(text);
            }
        }

        public int IndexOf(string text) => _indexes[text];

        public void Clear()
        {
            _indexes.Clear();
            InOrder.Clear();
        }
    }

    private ref struct PayloadWriter(IBufferWriter<byte> output)
    {
        private const int ChunkBytes = 4096;
        private Span<byte> _span;
        private int _used;

        public void Byte(byte value) => Reserve(1)[0] = value;

        public void VarInt(ulong value)
        {
            var span = Reserve(10);
            var length = 0;
            while (value >= 0x80)
            {
                span[length++] = (byte)(value | 0x80);
                value >>= 7;
            }

            span[length++] = (byte)value;
            _used -= 10 - length;
        }

        public void Int64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);

        public void String(string text)
        {
            var length = Encoding.UTF8.GetByteCount(text);
            VarInt((ulong)length);
            Encoding.UTF8.GetBytes(text, Reserve(length));
        }

        public void Flush()
        {
            output.Advance(_used);
            _used = 0;
            _span = default;
        }

        /// <summary>The next <paramref name="count"/> bytes of the output, counted as written.</summary>
        private Span<byte> Reserve(int count)
        {
            if (_span.Length - _used < count)
            {
                Flush();
                _span = output.GetSpan(Math.Max(count, ChunkBytes));
            }

            var reserved = _span.Slice(_used, count);
            _used += count;
            return reserved;
        }
    }

    private ref struct PayloadReader(ReadOnlySpan<byte> payload)
    {
        private readonly ReadOnlySpan<byte> _payload = payload;
        private int _position;

        public readonly bool AtEnd => _position == _payload.Length;

        public byte Byte() => Take(1)[0];

        public ulong VarInt()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var next = Byte();
                value |= (ulong)(next & 0x7F) << shift;
                if (next < 0x80)
                {
                    return value;
                }
            }

            throw new InvalidDataException("A varint in a compact log entry is too long.");
        }

        /// <summary>A count or index: a varint that must fit what is left of the payload.</summary>
        public int Count()
        {
            var value = VarInt();
            return value <= (ulong)_payload.Length ? (int)value : throw new InvalidDataException("A count in a compact log entry is out of range.");
        }

        public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        public string String() => Encoding.UTF8.GetString(Take(Count()));

        /// <summary>A string of the entry's table, by its index.</summary>
        public string StringAt(string[] table)
        {
            var index = Count();
            return index < table.Length ? table[index] : throw new InvalidDataException("A string index in a compact log entry is out of range.");
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (_payload.Length - _position < count)
            {
                throw new InvalidDataException("A compact log entry ends early.");
            }

            var taken = _payload.Slice(_position, count);
            _position += count;
            return taken;
        }
    }
}
