using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Telemetry.Streams;

/// <summary>
/// This silo's copy of every active tenant's stream definitions. A background loop polls each known tenant's
/// registry version every <see cref="StreamsOptions.DefinitionRefreshInterval"/> and fetches the catalog only when it
/// moved, so a change reaches every silo within about that interval and a series grain reads its tenant's streams
/// without a grain call (only the first batch of a tenant on a silo waits for the first load). Tenants unused for
/// ten minutes are forgotten.
/// </summary>
public sealed class StreamDefinitionCache : IDisposable
{
    private static readonly TimeSpan IdleEviction = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, Entry> _tenants = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly ILogger<StreamDefinitionCache> _logger;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stopping = new();
    private int _started;

    public StreamDefinitionCache(IGrainFactory grains, IOptions<StreamsOptions> options, TimeProvider time, ILogger<StreamDefinitionCache> logger)
    {
        _grains = grains;
        _time = time;
        _logger = logger;
        _interval = options.Value.DefinitionRefreshInterval;
    }

    /// <summary>The tenant's streams: at once when known here, otherwise after one load.</summary>
    public ValueTask<TenantStreams> GetAsync(string tenantId)
    {
        if (_tenants.TryGetValue(tenantId, out var entry) && entry.Streams is { } streams)
        {
            entry.LastUsedTicks = _time.GetTimestamp();
            return ValueTask.FromResult(streams);
        }

        return new ValueTask<TenantStreams>(LoadAsync(tenantId));
    }

    /// <summary>Reads the tenant's catalog now (after a change made through this silo, or on first use).</summary>
    public async Task<TenantStreams> LoadAsync(string tenantId)
    {
        EnsureStarted();
        var entry = _tenants.GetOrAdd(tenantId, _ => new Entry());
        entry.LastUsedTicks = _time.GetTimestamp();
        var catalog = await _grains.GetGrain<IStreamRegistryGrain>(tenantId).ListAsync();
        var streams = new TenantStreams(catalog);
        lock (entry)
        {
            if (entry.Streams is null || entry.Streams.Version <= streams.Version)
            {
                entry.Streams = streams;
            }

            return entry.Streams;
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private void EnsureStarted()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _ = Task.Run(RefreshLoopAsync);
        }
    }

    private async Task RefreshLoopAsync()
    {
        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                await Task.WhenAll(_tenants.Select(pair => RefreshAsync(pair.Key, pair.Value)));
            }
        }
        catch (OperationCanceledException)
        {
            // The silo is stopping.
        }
    }

    private async Task RefreshAsync(string tenantId, Entry entry)
    {
        if (_time.GetElapsedTime(entry.LastUsedTicks) > IdleEviction)
        {
            _tenants.TryRemove(tenantId, out _);
            return;
        }

        try
        {
            var version = await _grains.GetGrain<IStreamRegistryGrain>(tenantId).GetVersionAsync();
            if (entry.Streams is null || entry.Streams.Version != version)
            {
                await LoadAsync(tenantId);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The previous copy stays in use; the next tick tries again.
            _logger.LogWarning(e, "Refreshing the stream definitions of tenant {Tenant} failed.", tenantId);
        }
    }

    private sealed class Entry
    {
        public TenantStreams? Streams { get; set; }

        public long LastUsedTicks { get; set; }
    }
}
