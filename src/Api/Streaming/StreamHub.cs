using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telemetry.Streams;

namespace Telemetry.Api.Streaming;

/// <summary>
/// This silo's SSE and WebSocket connections. For each live stream with a connection here it subscribes (one grain
/// observer per silo, renewed every 20 s) to the stream's <see cref="IStreamFeedGrain"/>, and fans each batch of
/// events out to its local connections. Holds the per-tenant connection count (per silo).
/// </summary>
public sealed class StreamHub : IStreamFeedObserver, IDisposable
{
    private static readonly TimeSpan Renewal = TimeSpan.FromSeconds(20);

    private readonly ConcurrentDictionary<string, ImmutableArray<StreamConnection>> _feeds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _perTenant = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly IGrainFactory _grains;
    private readonly StreamsOptions _options;
    private readonly ILogger<StreamHub> _logger;
    private readonly ITimer _renewal;
    private readonly ITimer _heartbeat;
    private readonly CancellationTokenRegistration _stopping;
    private IStreamFeedObserver? _reference;

    public StreamHub(IGrainFactory grains, IOptions<StreamsOptions> options, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<StreamHub> logger)
    {
        _grains = grains;
        _options = options.Value;
        _logger = logger;
        _renewal = time.CreateTimer(_ => _ = RenewAsync(), null, Renewal, Renewal);
        // One timer for every connection of the silo, rather than one per connection.
        _heartbeat = time.CreateTimer(_ => Heartbeat(), null, _options.HeartbeatInterval, _options.HeartbeatInterval);
        _stopping = lifetime.ApplicationStopping.Register(() => CutAll("server_shutdown"));
    }

    /// <summary>Connections open on this silo.</summary>
    public int Count => _perTenant.Values.Sum();

    /// <summary>
    /// Opens a connection to a stream: subscribes this silo to its feed and, when <paramref name="lastEventId"/> is
    /// given, queues the buffered events after it. Null when the tenant is at its connection limit.
    /// </summary>
    public async Task<StreamConnection?> OpenAsync(string tenantId, string streamId, long? lastEventId)
    {
        var connection = new StreamConnection(tenantId, streamId, _options.ConnectionBufferSize, resuming: lastEventId is not null);
        lock (_gate)
        {
            var count = _perTenant.GetValueOrDefault(tenantId);
            if (count >= _options.MaxConnectionsPerTenant)
            {
                return null;
            }

            _perTenant[tenantId] = count + 1;
            _feeds[connection.FeedKey] = _feeds.GetValueOrDefault(connection.FeedKey, []).Add(connection);
        }

        try
        {
            var feed = _grains.GetGrain<IStreamFeedGrain>(connection.FeedKey);
            await feed.SubscribeAsync(Reference);
            if (lastEventId is { } after)
            {
                connection.Resume(await feed.ReplayAsync(after));
            }

            return connection;
        }
        catch
        {
            Close(connection);
            throw;
        }
    }

    /// <summary>Forgets a connection whose writer ended. The feed subscription lapses by itself once no connection renews it.</summary>
    public void Close(StreamConnection connection)
    {
        connection.Cut("closed");
        lock (_gate)
        {
            if (_feeds.TryGetValue(connection.FeedKey, out var connections))
            {
                var rest = connections.Remove(connection);
                if (rest.Length == connections.Length)
                {
                    return; // closed before
                }

                if (rest.IsEmpty)
                {
                    _feeds.TryRemove(connection.FeedKey, out _);
                }
                else
                {
                    _feeds[connection.FeedKey] = rest;
                }
            }
            else
            {
                return;
            }

            var count = _perTenant.GetValueOrDefault(connection.TenantId) - 1;
            if (count <= 0)
            {
                _perTenant.TryRemove(connection.TenantId, out _);
            }
            else
            {
                _perTenant[connection.TenantId] = count;
            }
        }
    }

    Task IStreamFeedObserver.OnEventsAsync(string feedKey, ImmutableArray<StreamEvent> events)
    {
        if (_feeds.TryGetValue(feedKey, out var connections))
        {
            var frames = events.Select(StreamFrame.From).ToImmutableArray();
            foreach (var connection in connections)
            {
                connection.Offer(frames);
            }
        }

        return Task.CompletedTask;
    }

    Task IStreamFeedObserver.OnClosedAsync(string feedKey, string reason)
    {
        if (_feeds.TryGetValue(feedKey, out var connections))
        {
            foreach (var connection in connections)
            {
                connection.Cut(reason);
            }
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _renewal.Dispose();
        _heartbeat.Dispose();
        _stopping.Dispose();
        CutAll("server_shutdown");
        if (_reference is not null)
        {
            _grains.DeleteObjectReference<IStreamFeedObserver>(_reference);
        }
    }

    private IStreamFeedObserver Reference
    {
        get
        {
            lock (_gate)
            {
                return _reference ??= _grains.CreateObjectReference<IStreamFeedObserver>(this);
            }
        }
    }

    private void Heartbeat()
    {
        foreach (var connection in _feeds.Values.SelectMany(c => c))
        {
            connection.Tick();
        }
    }

    private void CutAll(string reason)
    {
        foreach (var connection in _feeds.Values.SelectMany(c => c))
        {
            connection.Cut(reason);
        }
    }

    private async Task RenewAsync()
    {
        foreach (var key in _feeds.Keys)
        {
            try
            {
                await _grains.GetGrain<IStreamFeedGrain>(key).SubscribeAsync(Reference);
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Renewing this silo's subscription to stream feed {Feed} failed; the next renewal tries again.", key);
            }
        }
    }
}
