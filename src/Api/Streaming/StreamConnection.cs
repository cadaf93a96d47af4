using System.Collections.Immutable;
using System.Threading.Channels;
using Telemetry.Streams;

namespace Telemetry.Api.Streaming;

/// <summary>
/// One SSE or WebSocket connection's queue of events not yet written to its socket. The hub offers events without
/// ever waiting: when the queue (<see cref="StreamsOptions.ConnectionBufferSize"/>) is full the connection is cut with
/// reason <c>slow_consumer</c>, so one slow client never slows ingest or other clients. While a resumed connection's
/// replay is being fetched, live events are held back and merged behind it in id order, without duplicates.
/// </summary>
public sealed class StreamConnection
{
    public const string SlowConsumer = "slow_consumer";

    private readonly Channel<StreamFrame> _queue;
    private readonly int _capacity;
    private List<StreamFrame>? _heldBack;
    private long _lastQueuedId = long.MinValue;
    private int _queuedSinceHeartbeat;

    public StreamConnection(string tenantId, string streamId, int capacity, bool resuming)
    {
        TenantId = tenantId;
        StreamId = streamId;
        _capacity = Math.Max(1, capacity);
        _queue = Channel.CreateBounded<StreamFrame>(new BoundedChannelOptions(_capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _heldBack = resuming ? [] : null;
    }

    public string TenantId { get; }

    public string StreamId { get; }

    public string FeedKey => StreamNames.FeedKey(TenantId, StreamId);

    /// <summary>Why the connection was cut (<c>slow_consumer</c>, <c>stream_deleted</c>, <c>server_shutdown</c>), or null.</summary>
    public string? CutReason { get; private set; }

    /// <summary>False when a resume asked for events the replay buffer no longer holds.</summary>
    public bool ReplayComplete { get; private set; } = true;

    public ChannelReader<StreamFrame> Events => _queue.Reader;

    /// <summary>Queues live events; never waits.</summary>
    public void Offer(ImmutableArray<StreamFrame> events)
    {
        lock (_queue)
        {
            if (CutReason is not null)
            {
                return;
            }

            if (_heldBack is { } held)
            {
                held.AddRange(events);
                if (held.Count > _capacity)
                {
                    CutLocked(SlowConsumer);
                }

                return;
            }

            foreach (var e in events)
            {
                if (!QueueLocked(e))
                {
                    return;
                }
            }
        }
    }

    /// <summary>Queues the replay of a resumed connection, then the live events that arrived meanwhile.</summary>
    public void Resume(StreamReplay replay)
    {
        lock (_queue)
        {
            ReplayComplete = replay.Complete;
            var held = _heldBack ?? [];
            _heldBack = null;
            foreach (var e in replay.Events.Select(StreamFrame.From).Concat(held.OrderBy(e => e.Id)))
            {
                if (!QueueLocked(e))
                {
                    return;
                }
            }
        }
    }

    /// <summary>Called every heartbeat interval: queues a heartbeat unless events were queued since the last call.</summary>
    public void Tick()
    {
        if (Interlocked.Exchange(ref _queuedSinceHeartbeat, 0) == 0)
        {
            // A full queue needs no heartbeat: the writer has plenty to send.
            _queue.Writer.TryWrite(StreamFrame.Heartbeat);
        }
    }

    /// <summary>Ends the connection: the writer sends what is queued, then the reason, and closes.</summary>
    public void Cut(string reason)
    {
        lock (_queue)
        {
            CutLocked(reason);
        }
    }

    private bool QueueLocked(StreamFrame e)
    {
        if (CutReason is not null)
        {
            return false;
        }

        if (e.Id <= _lastQueuedId)
        {
            return true; // already queued (replay and live overlap)
        }

        if (!_queue.Writer.TryWrite(e))
        {
            CutLocked(SlowConsumer);
            return false;
        }

        _lastQueuedId = e.Id;
        _queuedSinceHeartbeat = 1;
        return true;
    }

    private void CutLocked(string reason)
    {
        CutReason ??= reason;
        _queue.Writer.TryComplete();
    }
}
