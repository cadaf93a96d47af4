using System.Buffers.Binary;
using System.Collections.Immutable;
using System.IO.Hashing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Telemetry.Ingest;
using Telemetry.Series;
using Xunit;

namespace Telemetry.Tests.Ingest;

public sealed class LogEntryCodecTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    private Serializer Serializer => _services.GetRequiredService<Serializer>();

    [Fact]
    public async Task An_entry_reads_back_exactly_as_written()
    {
        var entry = new LogEntry(42, [
            new SeriesBatch("t1", "inventory.on_hand", MetricType.Gauge, Labels(("sku", "SKU-1"), ("location_id", "loc_é")), [10, 20], [1.5, double.MaxValue]),
            new SeriesBatch("t1", "inventory.on_hand", MetricType.Counter, Labels(("sku", "SKU-2")), [30], [-0.0], TypeEpoch: 3, Replayed: true),
            new SeriesBatch("t2", "m", MetricType.Summary, SeriesLabels.Empty, [], []),
        ]);

        var read = await ReadAsync(new LogEntryCodec(Serializer).Encode(entry));

        Assert.Equal(42, read.Sequence);
        Assert.Equal(entry.Batches.Length, read.Batches.Length);
        for (var i = 0; i < entry.Batches.Length; i++)
        {
            var (expected, actual) = (entry.Batches[i], read.Batches[i]);
            Assert.Equal(expected with { Timestamps = [], Values = [] }, actual with { Timestamps = [], Values = [] });
            Assert.Equal(expected.Labels.Hash, actual.Labels.Hash);
            Assert.Equal(expected.Timestamps.ToArray(), actual.Timestamps.ToArray());
            Assert.Equal(expected.Values.Select(BitConverter.DoubleToInt64Bits).ToArray(), actual.Values.Select(BitConverter.DoubleToInt64Bits).ToArray());
        }
    }

    [Fact]
    public async Task Frames_of_logs_written_with_the_orleans_serializer_still_read()
    {
        var entry = new LogEntry(7, [new SeriesBatch("t", "m", MetricType.Gauge, Labels(("a", "1")), [5], [2.5])]);
        var payload = Serializer.SerializeToArray(entry);
        var frame = new byte[LogEntryCodec.HeaderLength + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), Crc32.HashToUInt32(payload));
        payload.CopyTo(frame.AsSpan(LogEntryCodec.HeaderLength));

        Assert.NotEqual(CompactLogEntryFormat.Marker, payload[0]);
        var read = await ReadAsync(frame);
        Assert.Equal(7, read.Sequence);
        Assert.Equal(entry.Batches[0].Labels, read.Batches[0].Labels);
        Assert.Equal([2.5], read.Batches[0].Values.ToArray());
    }

    [Fact]
    public void A_malformed_compact_payload_is_refused_not_misread()
    {
        var frame = new LogEntryCodec(Serializer).Encode(new LogEntry(1, [new SeriesBatch("t", "m", MetricType.Gauge, Labels(("a", "1")), [5], [2.5])]));
        var payload = frame[LogEntryCodec.HeaderLength..];

        Assert.Throws<InvalidDataException>(() => CompactLogEntryFormat.Read(payload[..^1]));
        Assert.Throws<InvalidDataException>(() => CompactLogEntryFormat.Read([.. payload, 0]));
    }

    public void Dispose() => _services.Dispose();

    private async Task<LogEntry> ReadAsync(byte[] frame)
    {
        using var stream = new MemoryStream(frame);
        return Assert.IsType<LogEntry>(await new LogEntryCodec(Serializer).TryReadAsync(stream, CancellationToken.None));
    }

    private static SeriesLabels Labels(params (string Key, string Value)[] pairs) =>
        new(pairs.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)));
}
