using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telemetry.Alerts;
using Telemetry.Series;

namespace Telemetry.Ingest;

/// <summary>
/// Applies acknowledged log entries to the series grains behind the log. Each series with pending samples waits in a
/// queue; at most <c>ApplyConcurrency</c> grain calls run at once, one per series at a time (so a series sees its
/// batches in order), and each call takes everything pending for its series. Whatever arrives for a series while it
/// waits or is being applied joins its next call, so under load the batches grow by themselves and the grain-call rate
/// stops being the ceiling; under light load a sample is applied at once.
/// </summary>
/// <remarks>
/// <para>
/// Alert fast lane: a series whose batch holds a sample that breaches (or keeps firing) one of the silo's alert rules
/// for its metric, or whose previous such batch did (so the recovery is quick too), goes to a queue served first.
/// A low-stock sample is therefore applied, and its alert evaluated, ahead of a backlog of ordinary samples.
/// </para>
/// <para>It keeps the applied watermark (every sequence up to it is applied) so queries can wait for their silo's acknowledged writes.</para>
/// </remarks>
public sealed class ApplyDispatcher : IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);
    private const long Untracked = 0;

    private readonly SeriesGrainReferences _series;
    private readonly AlertRuleBook _rules;
    private readonly ILogger<ApplyDispatcher> _logger;
    private readonly IngestLogOptions _options;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<long, int> _outstanding = [];
    private readonly SortedDictionary<long, List<TaskCompletionSource>> _waiters = [];
    private readonly Dictionary<LoggedSeries, PendingSeries> _pending = [];
    private readonly HashSet<LoggedSeries> _inFlight = [];
    private readonly AlertFastLane _fastLane = new();
    private readonly Queue<PendingSeries> _urgent = new();
    private readonly Queue<PendingSeries> _ready = new();
    private int _running;
    private long _lastEnqueued;
    private long _applied;
    private Task? _loop;

    public ApplyDispatcher(IGrainFactory grains, AlertRuleBook rules, IOptions<IngestLogOptions> options, ILogger<ApplyDispatcher> logger)
    {
        _series = new SeriesGrainReferences(grains);
        _rules = rules;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>A series' samples waiting for their grain call; taken (whole) by one call.</summary>
    private sealed class PendingSeries(LoggedSeries series)
    {
        public LoggedSeries Series { get; } = series;

        /// <summary>The series grain's key, made once per call rather than once per batch.</summary>
        public string Key => SeriesKey.ForSeries(Series.TenantId, Series.Metric, Series.Hash);

        public List<SeriesBatch> Batches { get; } = [];
        public List<long> Sequences { get; } = [];
        public bool Urgent { get; set; }
        public bool Taken { get; set; }
    }

    /// <summary>Every sequence up to this one is applied.</summary>
    public long AppliedSequence => Interlocked.Read(ref _applied);

    /// <summary>The newest sequence handed over; everything this silo acknowledged is at or below it.</summary>
    public long LastEnqueued => Interlocked.Read(ref _lastEnqueued);

    /// <summary>Batches applied since start (for diagnostics).</summary>
    public long BatchesApplied;

    /// <summary>Grain calls made since start (for diagnostics).</summary>
    public long CallsMade;

    /// <summary>Grain calls of the alert fast lane since start (for diagnostics).</summary>
    public long UrgentCalls;

    public void Start() => _loop ??= Task.Run(RunAsync);

    /// <summary>Hands over a durable entry. Sequences must arrive in increasing order.</summary>
    public void Enqueue(long sequence, ImmutableArray<SeriesBatch> batches)
    {
        lock (_gate)
        {
            if (_lastEnqueued == 0)
            {
                // The log may start past 1 after a trim: nothing before the first entry is outstanding.
                _applied = sequence - 1;
            }

            if (batches.IsEmpty)
            {
                _outstanding[sequence] = 0;
            }
            else
            {
                _outstanding[sequence] = batches.Length;
                foreach (var batch in batches)
                {
                    AddLocked(batch, sequence);
                }
            }

            _lastEnqueued = Math.Max(_lastEnqueued, sequence);
            if (batches.IsEmpty)
            {
                RetireLocked();
            }
        }

        _signal.Release();
    }

    /// <summary>
    /// Applies batches again outside the sequence bookkeeping (a survivor re-applying its log after another
    /// silo died); they ride the next round like any other pending batch and move no watermark.
    /// </summary>
    public void Reapply(ImmutableArray<SeriesBatch> batches)
    {
        lock (_gate)
        {
            foreach (var batch in batches)
            {
                AddLocked(batch, Untracked);
            }
        }

        _signal.Release();
    }

    /// <summary>Completes when every sequence up to <paramref name="sequence"/> is applied, or when the timeout passes.</summary>
    public async Task<bool> WaitAppliedAsync(long sequence, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        TaskCompletionSource waiter;
        lock (_gate)
        {
            if (_applied >= sequence)
            {
                return true;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_waiters.TryGetValue(sequence, out var list))
            {
                _waiters[sequence] = list = [];
            }

            list.Add(waiter);
        }

        try
        {
            await waiter.Task.WaitAsync(timeout, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Applies what is pending and stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _signal.Release();
        if (_loop is not null)
        {
            await _loop;
        }
    }

    /// <summary>Adds a batch to its series' pending samples and queues the series unless it is queued or being applied.</summary>
    private void AddLocked(SeriesBatch batch, long sequence)
    {
        var key = new LoggedSeries(batch.TenantId, batch.Metric, batch.Labels.Hash);
        var urgent = _fastLane.IsUrgent(key, batch, _rules.TryGet(batch.TenantId, out var rules) ? rules : null);
        if (!_pending.TryGetValue(key, out var series))
        {
            _pending[key] = series = new PendingSeries(key);
            if (!_inFlight.Contains(key))
            {
                (urgent ? _urgent : _ready).Enqueue(series);
            }
        }
        else if (urgent && !series.Urgent && !_inFlight.Contains(key))
        {
            // Already waiting in the ordinary queue: jump ahead (the stale entry is skipped once taken).
            _urgent.Enqueue(series);
        }

        series.Urgent |= urgent;
        series.Batches.Add(batch);
        series.Sequences.Add(sequence);
    }

    private async Task RunAsync()
    {
        var limit = Math.Max(1, _options.ApplyConcurrency);
        while (true)
        {
            try
            {
                await _signal.WaitAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopping: apply whatever is pending, then end.
            }

            while (true)
            {
                PendingSeries? next = null;
                lock (_gate)
                {
                    if (_running < limit && (next = TakeLocked()) is not null)
                    {
                        _running++;
                    }
                }

                if (next is null)
                {
                    break;
                }

                // Starts the grain call and returns at its first await; the loop goes on with the next series.
                _ = ApplyAsync(next);
            }

            if (_stopping.IsCancellationRequested)
            {
                lock (_gate)
                {
                    if (_pending.Count == 0 && _running == 0)
                    {
                        return;
                    }
                }

                await Task.Delay(10);
                _signal.Release();
            }
        }
    }

    /// <summary>The next series to apply, urgent ones first; null when none waits.</summary>
    private PendingSeries? TakeLocked()
    {
        while (_urgent.Count > 0 || _ready.Count > 0)
        {
            var series = _urgent.Count > 0 ? _urgent.Dequeue() : _ready.Dequeue();
            if (series.Taken)
            {
                continue;
            }

            series.Taken = true;
            _pending.Remove(series.Series);
            _inFlight.Add(series.Series);
            return series;
        }

        return null;
    }

    private async Task ApplyAsync(PendingSeries series)
    {
        var batch = Merge(series.Batches);
        var failed = false;
        try
        {
            var result = await _series.Get(series.Key).AppendAsync(batch);
            if (result.IsRejected)
            {
                // Admission happened before the log; a refusal here means the schema moved on (a forced type change).
                _logger.LogWarning("Series {Series} refused {Count} acknowledged samples: {Code} {Message}", series.Key, batch.Timestamps.Length, result.RejectCode, result.RejectMessage);
            }

            Interlocked.Increment(ref CallsMade);
            Interlocked.Add(ref BatchesApplied, series.Batches.Count);
            if (series.Urgent)
            {
                Interlocked.Increment(ref UrgentCalls);
            }
        }
        catch (Exception exception)
        {
            _logger.LogWarning(exception, "Applying {Count} samples to {Series} failed; retrying.", batch.Timestamps.Length, series.Key);
            failed = true;
        }

        if (failed)
        {
            await Task.Delay(RetryDelay);
        }

        bool more;
        lock (_gate)
        {
            _running--;
            _inFlight.Remove(series.Series);
            if (failed)
            {
                RequeueLocked(series);
            }
            else
            {
                DoneLocked(series.Sequences);
                if (_pending.TryGetValue(series.Series, out var arrived))
                {
                    // Samples that came while this call ran: the series queues again, at the back of its lane.
                    (arrived.Urgent ? _urgent : _ready).Enqueue(arrived);
                }
            }

            more = _urgent.Count > 0 || _ready.Count > 0 || _stopping.IsCancellationRequested;
        }

        if (more)
        {
            _signal.Release();
        }
    }

    private static SeriesBatch Merge(List<SeriesBatch> batches)
    {
        if (batches.Count == 1)
        {
            return batches[0];
        }

        // Later batches win on equal timestamps: the hot window keeps the last value it is given.
        var last = batches[^1];
        return last with
        {
            Timestamps = [.. batches.SelectMany(b => b.Timestamps)],
            Values = [.. batches.SelectMany(b => b.Values)],
            TypeEpoch = batches.Max(b => b.TypeEpoch),

            // Mixed with a live batch, replayed samples count as live: a late one is then written again (deduped on read) rather than skipped.
            Replayed = batches.TrueForAll(b => b.Replayed),
        };
    }

    /// <summary>A failed call's samples go back in front of whatever arrived since, and the series queues again.</summary>
    private void RequeueLocked(PendingSeries failed)
    {
        var again = new PendingSeries(failed.Series) { Urgent = failed.Urgent };
        again.Batches.AddRange(failed.Batches);
        again.Sequences.AddRange(failed.Sequences);
        if (_pending.TryGetValue(failed.Series, out var arrived))
        {
            // Older batches go first so that later values still win.
            again.Batches.AddRange(arrived.Batches);
            again.Sequences.AddRange(arrived.Sequences);
            again.Urgent |= arrived.Urgent;
            arrived.Taken = true;
        }

        _pending[failed.Series] = again;
        (again.Urgent ? _urgent : _ready).Enqueue(again);
    }

    private void DoneLocked(List<long> sequences)
    {
        foreach (var sequence in sequences)
        {
            if (sequence != Untracked)
            {
                _outstanding[sequence]--;
            }
        }

        RetireLocked();
    }

    private void RetireLocked()
    {
        var next = _applied + 1;
        while (_outstanding.TryGetValue(next, out var left) && left <= 0)
        {
            _outstanding.Remove(next);
            _applied = next;
            next++;
        }

        while (_waiters.Count > 0)
        {
            var (sequence, list) = _waiters.First();
            if (sequence > _applied)
            {
                break;
            }

            _waiters.Remove(sequence);
            foreach (var waiter in list)
            {
                waiter.TrySetResult();
            }
        }
    }
}
