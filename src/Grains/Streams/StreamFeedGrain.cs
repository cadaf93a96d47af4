using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Streams.Core;
using Telemetry.Series;

namespace Telemetry.Streams;

/// <summary>
/// One per live stream (key <c>tenant/streamId</c>), activated by its Orleans stream (implicit subscription): turns
/// matched samples into numbered events, keeps the last <see cref="StreamsOptions.ReplayBufferSize"/> for
/// <c>Last-Event-ID</c> resume, and pushes them to the hubs of the silos that have connections for it (one-way grain
/// observer calls, so a slow hub never holds it up). Webhook streams also post each event (StreamFeedGrain.Webhooks.cs).
/// Event ids start at the activation's Unix time in microseconds, so they keep growing across reactivations.
/// </summary>
[ImplicitStreamSubscription(StreamNames.MatchNamespace)]
public sealed partial class StreamFeedGrain(
    StreamDefinitionCache definitions,
    IOptions<StreamsOptions> options,
    TimeProvider time,
    ILogger<StreamFeedGrain> logger) : Grain, IStreamFeedGrain, IStreamSubscriptionObserver, IAsyncObserver<StreamMatchBatch>
{
    private static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromMinutes(1);

    /// <summary>Events a hub may fall behind by before it is dropped (it resubscribes at its next renewal).</summary>
    private const int MaxPendingPerHub = 100_000;

    private readonly Dictionary<IStreamFeedObserver, Hub> _observers = [];
    private readonly Queue<StreamEvent> _replay = new();
    private string _key = "";
    private string _tenantId = "";
    private string _streamId = "";
    private long _nextId;
    private long _events;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = this.GetPrimaryKeyString();
        (_tenantId, _streamId) = StreamNames.ParseFeedKey(_key);
        _nextId = time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        this.RegisterGrainTimer(ExpireObservers, new GrainTimerCreationOptions(SubscriptionLifetime / 2, SubscriptionLifetime / 2) { Interleave = true });
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        StopWebhooks();
        return Task.CompletedTask;
    }

    Task IStreamSubscriptionObserver.OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<StreamMatchBatch>().ResumeAsync(this);

    async Task IAsyncObserver<StreamMatchBatch>.OnNextAsync(StreamMatchBatch batch, StreamSequenceToken? token)
    {
        var definition = (await definitions.GetAsync(_tenantId)).ById.GetValueOrDefault(_streamId);
        if (definition is null)
        {
            return; // deleted while the batch was in flight
        }

        var filter = definition.Spec.Filter;
        var events = ImmutableArray.CreateBuilder<StreamEvent>(batch.Timestamps.Length);
        for (var i = 0; i < batch.Timestamps.Length; i++)
        {
            events.Add(new StreamEvent(
                _nextId++, _streamId, batch.Metric, batch.Labels, batch.Values[i], batch.Timestamps[i],
                filter.Condition, filter.Threshold, definition.Spec.Emit, batch.Crossings[i], Test: false, batch.PublishedAtTicks));
        }

        Emit(definition, events.MoveToImmutable());
    }

    Task IAsyncObserver<StreamMatchBatch>.OnCompletedAsync() => Task.CompletedTask;

    Task IAsyncObserver<StreamMatchBatch>.OnErrorAsync(Exception ex)
    {
        logger.LogWarning(ex, "The Orleans stream of {Stream} reported an error.", _key);
        return Task.CompletedTask;
    }

    Task IStreamFeedGrain.SubscribeAsync(IStreamFeedObserver observer)
    {
        if (_observers.TryGetValue(observer, out var hub))
        {
            hub.Renewed = time.GetTimestamp();
        }
        else
        {
            _observers[observer] = new Hub { Renewed = time.GetTimestamp() };
        }

        return Task.CompletedTask;
    }

    Task IStreamFeedGrain.UnsubscribeAsync(IStreamFeedObserver observer)
    {
        _observers.Remove(observer);
        return Task.CompletedTask;
    }

    Task<StreamReplay> IStreamFeedGrain.ReplayAsync(long afterId)
    {
        var oldest = _replay.Count > 0 ? _replay.Peek().Id : _nextId;
        var complete = afterId >= oldest - 1 && afterId < _nextId;
        return Task.FromResult(new StreamReplay(complete, [.. _replay.Where(e => e.Id > afterId)]));
    }

    Task<StreamEvent> IStreamFeedGrain.PublishTestAsync(StreamDefinition definition)
    {
        var filter = definition.Spec.Filter;
        var dimensions = new SeriesLabels(filter.Dimensions.Select(d => KeyValuePair.Create(d.Key, d.Value.IsEmpty ? "" : d.Value[0])));
        var now = time.GetUtcNow().UtcTicks;
        var test = new StreamEvent(
            _nextId++, _streamId, filter.Metric, dimensions, filter.Threshold ?? 0, now,
            filter.Condition, filter.Threshold, definition.Spec.Emit, StreamCrossing.None, Test: true, now);
        Emit(definition, [test]);
        return Task.FromResult(test);
    }

    Task<StreamFeedStats> IStreamFeedGrain.GetStatsAsync() =>
        Task.FromResult(new StreamFeedStats(_events, _observers.Count, _webhooksDelivered, _webhooksFailed, _webhooksDropped, _lastWebhookError));

    Task IStreamFeedGrain.CloseAsync(string reason)
    {
        foreach (var observer in _observers.Keys)
        {
            _ = observer.OnClosedAsync(_key, reason);
        }

        _observers.Clear();
        _replay.Clear();
        StopWebhooks();
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private void Emit(StreamDefinition definition, ImmutableArray<StreamEvent> events)
    {
        _events += events.Length;
        foreach (var e in events)
        {
            _replay.Enqueue(e);
        }

        while (_replay.Count > Math.Max(0, options.Value.ReplayBufferSize))
        {
            _replay.Dequeue();
        }

        foreach (var (observer, hub) in _observers)
        {
            hub.Pending.AddRange(events);
            if (!hub.Sending)
            {
                _ = PushAsync(observer, hub);
            }
        }

        if (definition.Spec.Transport == StreamTransport.Webhook)
        {
            QueueWebhooks(events);
        }
    }

    /// <summary>
    /// Sends a hub its pending events, one call at a time so they arrive in order; events that come meanwhile go in the
    /// next call. Runs in the grain's context between its turns; a hub that fails or falls too far behind is dropped.
    /// </summary>
    private async Task PushAsync(IStreamFeedObserver observer, Hub hub)
    {
        hub.Sending = true;
        try
        {
            while (hub.Pending.Count > 0)
            {
                if (hub.Pending.Count > MaxPendingPerHub)
                {
                    throw new InvalidOperationException($"The hub fell {hub.Pending.Count} events behind.");
                }

                ImmutableArray<StreamEvent> batch = [.. hub.Pending];
                hub.Pending.Clear();
                await observer.OnEventsAsync(_key, batch);
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "A hub of stream {Stream} stopped taking events; it is dropped until it resubscribes.", _key);
            if (_observers.TryGetValue(observer, out var current) && current == hub)
            {
                _observers.Remove(observer);
            }
        }
        finally
        {
            hub.Sending = false;
        }
    }

    private Task ExpireObservers(CancellationToken cancellationToken)
    {
        foreach (var (observer, hub) in _observers.ToList())
        {
            if (time.GetElapsedTime(hub.Renewed) > SubscriptionLifetime)
            {
                _observers.Remove(observer);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>A subscribed silo hub: when it last renewed, and the events not yet sent to it.</summary>
    private sealed class Hub
    {
        public long Renewed { get; set; }

        public List<StreamEvent> Pending { get; } = [];

        public bool Sending { get; set; }
    }
}
