using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Telemetry.Ingest;
using Telemetry.Series;
using Xunit;

namespace Telemetry.Tests.Ingest;

/// <summary>What every write-ahead log must do, run against each implementation (files, Azure append blobs).</summary>
public abstract class IngestLogContractTests<TLog> : IDisposable
    where TLog : IIngestLog, IAsyncDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    protected Serializer Serializer => _services.GetRequiredService<Serializer>();

    [Fact]
    public async Task Appends_get_consecutive_sequences_and_replay_returns_them_in_order()
    {
        await using (var log = await OpenAsync())
        {
            var sequences = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => log.AppendAsync([Batch("a", i)])));
            Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), sequences.Order());
        }

        await using var reopened = Open();
        var entries = await ReplayAsync(reopened);

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (double)i).Order(), entries.Select(e => e.Batches[0].Values[0]).Order());
    }

    [Fact]
    public async Task After_a_restart_new_appends_continue_the_sequence()
    {
        await using (var log = await OpenAsync())
        {
            await log.AppendAsync([Batch("a", 1)]);
            await log.AppendAsync([Batch("a", 2)]);
        }

        await using var reopened = await OpenAsync();
        Assert.Equal(3, await reopened.AppendAsync([Batch("a", 3)]));
    }

    [Fact]
    public async Task Appending_before_replay_is_refused()
    {
        await using var log = Open();
        await Assert.ThrowsAsync<InvalidOperationException>(() => log.AppendAsync([Batch("a", 1)]));
    }

    [Fact]
    public async Task Trim_deletes_sealed_files_oldest_first_only_while_applied_and_covered_by_segments()
    {
        var options = new IngestLogOptions { MaxFileBytes = 1 }; // every commit seals its file
        var flushedBefore = new Dictionary<string, long> { ["a"] = 150, ["b"] = 0 };
        Task<bool> Covered(IReadOnlyDictionary<LoggedSeries, long> newest) =>
            Task.FromResult(newest.All(n => flushedBefore[n.Key.TenantId] > n.Value));

        await using (var log = await OpenAsync(options))
        {
            await log.AppendAsync([Batch("a", 1, timestamp: 100, tenant: "a")]);
            await log.AppendAsync([Batch("b", 2, timestamp: 200, tenant: "b")]);
            await log.AppendAsync([Batch("a", 3, timestamp: 120, tenant: "a")]);

            // b has flushed nothing: its file stays, and so does every file behind it (no holes).
            Assert.Equal(1, await log.TrimAsync(appliedSequence: 3, Covered));

            flushedBefore["b"] = 201;
            Assert.Equal(0, await log.TrimAsync(appliedSequence: 1, Covered)); // b's entry is not applied yet
            Assert.True(await log.TrimAsync(appliedSequence: 3, Covered) >= 1);
        }

        await using var reopened = Open(options);
        Assert.All(await ReplayAsync(reopened), e => Assert.True(e.Sequence > 2));
    }

    [Fact]
    public async Task A_replayed_log_knows_each_file_s_newest_sample_per_series_for_trimming()
    {
        var options = new IngestLogOptions { MaxFileBytes = 1 };
        await using (var log = await OpenAsync(options))
        {
            await log.AppendAsync([Batch("a", 1, timestamp: 100, tenant: "a"), Batch("b", 2, timestamp: 300, tenant: "b"), Batch("a", 4, timestamp: 90, tenant: "a")]);
            await log.AppendAsync([Batch("a", 3, timestamp: 500, tenant: "a")]);
        }

        await using var reopened = await OpenAsync(options);
        var seen = new List<string>();
        await reopened.TrimAsync(appliedSequence: 2, newest =>
        {
            seen.Add(string.Join(',', newest.OrderBy(n => n.Key.TenantId).Select(n => $"{n.Key.TenantId}={n.Value}")));
            return Task.FromResult(false);
        });

        Assert.Equal(["a=100,b=300"], seen);
    }

    public virtual void Dispose() => _services.Dispose();

    /// <summary>A log over this test's storage (the same storage on every call), not yet replayed.</summary>
    protected abstract TLog Open(IngestLogOptions? options = null);

    protected async Task<TLog> OpenAsync(IngestLogOptions? options = null)
    {
        var log = Open(options);
        await ReplayAsync(log);
        return log;
    }

    protected static async Task<List<LogEntry>> ReplayAsync(TLog log)
    {
        var entries = new List<LogEntry>();
        await foreach (var entry in log.ReplayAsync())
        {
            entries.Add(entry);
        }

        return entries;
    }

    protected static SeriesBatch Batch(string sku, double value, long timestamp = 1_000, string tenant = "tenant") =>
        new(tenant, "metric", MetricType.Gauge, new SeriesLabels([KeyValuePair.Create("sku", sku)]), [timestamp], [value]);
}
