using System.Collections.Immutable;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Telemetry.Ingest;
using Telemetry.Series;
using Telemetry.Storage;
using Telemetry.Testing;
using Xunit;

namespace Telemetry.Tests.Ingest;

/// <summary>The Azure append-blob log against a real Azurite: the common contract plus blob rolling and superseded tails.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AppendBlobIngestLogTests(AzuriteFixture azurite) : IngestLogContractTests<AppendBlobIngestLog>
{
    private readonly AzureStorageClients _clients = new(new StorageOptions { ConnectionString = azurite.ConnectionString, Container = "log-tests" });
    private readonly string _prefix = AzuriteFixture.NewServiceId() + "/wal/silo-a/";
    private int _maxBlocksPerBlob = AppendBlobIngestLog.DefaultMaxBlocksPerBlob;

    [Fact]
    public async Task A_blob_is_rolled_before_the_block_limit_and_replay_reads_across_blobs()
    {
        _maxBlocksPerBlob = 2;
        await using (var log = await OpenAsync())
        {
            for (var i = 1; i <= 5; i++)
            {
                Assert.Equal(i, await log.AppendAsync([Batch("a", i)]));
            }

            Assert.Equal(3, (await log.ListBlobsAsync()).Count);
        }

        await using var reopened = Open();
        Assert.Equal([1L, 2, 3, 4, 5], (await ReplayAsync(reopened)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task An_entry_larger_than_a_block_spans_blocks_and_replays_whole()
    {
        var count = 300_000; // about 5 MB serialized: more than one 4 MiB block
        var big = new SeriesBatch("tenant", "metric", MetricType.Gauge, new SeriesLabels([KeyValuePair.Create("sku", "big")]),
            [.. Enumerable.Range(0, count).Select(i => (long)i)], [.. Enumerable.Range(0, count).Select(i => (double)i)]);
        await using (var log = await OpenAsync())
        {
            await log.AppendAsync([big]);
            await log.AppendAsync([Batch("a", 2)]);
        }

        await using var reopened = Open();
        var entries = await ReplayAsync(reopened);
        Assert.Equal([1L, 2], entries.Select(e => e.Sequence));
        Assert.Equal(count, entries[0].Batches[0].Values.Length);
        Assert.Equal(count - 1, entries[0].Batches[0].Values[^1]);
    }

    [Fact]
    public async Task Entries_at_or_past_the_next_blobs_first_sequence_were_never_acknowledged_and_are_skipped()
    {
        await using (var log = await OpenAsync())
        {
            await log.AppendAsync([Batch("a", 1)]);
            await log.AppendAsync([Batch("a", 2)]);
        }

        // An append that failed ambiguously (it landed, but the writer was told it failed) and the blob the writer rolled to.
        var container = await _clients.ContainerAsync();
        var first = container.GetAppendBlobClient(Assert.Single(await Open().ListBlobsAsync()));
        using (var frame = new MemoryStream(new LogEntryCodec(Serializer).Encode(new LogEntry(3, [Batch("a", 99)]))))
        {
            await first.AppendBlockAsync(frame);
        }

        await container.GetAppendBlobClient($"{_prefix}{3:D20}-0000.log").CreateAsync();

        await using var reopened = Open();
        var entries = await ReplayAsync(reopened);

        Assert.Equal([1L, 2], entries.Select(e => e.Sequence));
        Assert.Equal(3, await reopened.AppendAsync([Batch("a", 3)]));
        await using var again = Open();
        Assert.Equal([1.0, 2, 3], (await ReplayAsync(again)).Select(e => e.Batches[0].Values[0]));
    }

    [Fact]
    public async Task A_torn_tail_is_skipped_and_appends_continue_in_a_new_blob()
    {
        await using (var log = await OpenAsync())
        {
            await log.AppendAsync([Batch("a", 1)]);
            await log.AppendAsync([Batch("a", 2)]);
        }

        var container = await _clients.ContainerAsync();
        var blob = container.GetAppendBlobClient(Assert.Single(await Open().ListBlobsAsync()));
        using (var torn = new MemoryStream(new LogEntryCodec(Serializer).Encode(new LogEntry(3, [Batch("a", 3)]))[..^3]))
        {
            await blob.AppendBlockAsync(torn);
        }

        await using var reopened = Open();
        Assert.Equal([1L, 2], (await ReplayAsync(reopened)).Select(e => e.Sequence));
        Assert.Equal(3, await reopened.AppendAsync([Batch("a", 3)]));
        Assert.Equal(2, (await reopened.ListBlobsAsync()).Count);
    }

    [Fact]
    public async Task While_storage_is_down_appends_fail_promptly_and_acknowledge_nothing_then_resume()
    {
        await using var own = await AzuriteInstance.StartNewAsync();
        var clients = new AzureStorageClients(new StorageOptions { ConnectionString = own.ConnectionString, Container = "outage" });
        await using (var log = Open(clients))
        {
            await ReplayAsync(log);
            Assert.Equal(1, await log.AppendAsync([Batch("a", 1)]));

            await own.StopAsync();
            var started = DateTime.UtcNow;
            await Assert.ThrowsAsync<StorageUnavailableException>(() => log.AppendAsync([Batch("a", -1)]));
            await Assert.ThrowsAsync<StorageUnavailableException>(() => log.AppendAsync([Batch("a", -2)]));
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "Failing appends took too long while storage was down.");

            await own.StartAsync();
            Assert.Equal(2, await log.AppendAsync([Batch("a", 2)]));
        }

        await using var reopened = Open(clients);
        Assert.Equal([1.0, 2], (await ReplayAsync(reopened)).Select(e => e.Batches[0].Values[0]));
    }

    protected override AppendBlobIngestLog Open(IngestLogOptions? options = null) => Open(_clients, options);

    private AppendBlobIngestLog Open(AzureStorageClients clients, IngestLogOptions? options = null) =>
        new(clients.ContainerAsync, _prefix, Serializer, Options.Create(options ?? new IngestLogOptions()), NullLogger<AppendBlobIngestLog>.Instance, _maxBlocksPerBlob);
}
