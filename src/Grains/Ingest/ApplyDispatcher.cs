using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telemetry.Series;

namespace Telemetry.Ingest;

/// <summary>
/// Applies acknowledged log entries to the series grains behind the log. It works in rounds: a round
/// takes everything pending, merges it per series and makes one grain call per series (bounded
/// concurrency). Whatever arrives meanwhile waits for the next round, so under load the batches grow by
/// themselves and the grain-call rate stops being the ceiling; under light load a round starts at once.
/// It keeps the applied watermark (every sequence up to it is applied) so queries can wait for their
/// silo's acknowledged writes.
/// </summary>
public sealed class ApplyDispatcher : IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);
    private const long Untracked = 0;

    private readonly SeriesGrainReferences _series;
    private readonly ILogger<ApplyDispatcher> _logger;
    private readonly IngestLogOptions _options;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stopping = new();
    // Batches of each sequence not yet applied; counted down without the gate, which only retires finished sequences.
    private readonly ConcurrentDictionary<long, StrongBox<int>> _outstanding = [];
    private readonly SortedDictionary<long, List<TaskCompletionSource>> _waiters = [];
    private Dictionary<LoggedSeries, PendingSeries> _pending = [];

    // The two pending maps take turns (one fills while the other's round is applied) and keep their capacity: with
    // thousands of series a fresh map per round would land on the large object heap every round.
    private Dictionary<LoggedSeries, PendingSeries> _spare = [];
    private long _lastEnqueued;
    private long _applied;
    private Task? _loop;

    public ApplyDispatcher(IGrainFactory grains, IOptions<IngestLogOptions> options, ILogger<ApplyDispatcher> logger)
    {
        _series = new SeriesGrainReferences(grains);
        _options = options.Value;
        _logger = logger;
    }

    private sealed class PendingSeries(LoggedSeries series)
    {
        public LoggedSeries Series { get; } = series;

        /// <summary>The series grain's key, made once per call rather than once per batch.</summary>
        public string Key => SeriesKey.ForSeries(Series.TenantId, Series.Metric, Series.Hash);

        public List<SeriesBatch> Batches { get; } = [];
        public List<long> Sequences { get; } = [];

        public void Add(SeriesBatch batch, long sequence)
        {
            Batches.Add(batch);
            Sequences.Add(sequence);
        }
    }

    private PendingSeries PendingLocked(SeriesBatch batch)
    {
        var series = new LoggedSeries(batch.TenantId, batch.Metric, batch.Labels.Hash);
        ref var pending = ref CollectionsMarshal.GetValueRefOrAddDefault(_pending, series, out _);
        return pending ??= new PendingSeries(series);
    }

    /// <summary>Every sequence up to this one is applied.</summary>
    public long AppliedSequence => Interlocked.Read(ref _applied);

    /// <summary>The newest sequence handed over; everything this silo acknowledged is at or below it.</summary>
    public long LastEnqueued => Interlocked.Read(ref _lastEnqueued);

    /// <summary>Batches applied since start (for diagnostics).</summary>
    public long BatchesApplied;

    /// <summary>Grain calls made since start (for diagnostics).</summary>
    public long CallsMade;

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
                _outstanding[sequence] = new StrongBox<int>(0);
            }
            else
            {
                _outstanding[sequence] = new StrongBox<int>(batches.Length);
                foreach (var batch in batches)
                {
                    PendingLocked(batch).Add(batch, sequence);
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
                PendingLocked(batch).Add(batch, Untracked);
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

    private async Task RunAsync()
    {
        while (true)
        {
            try
            {
                await _signal.WaitAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopping: one last round for whatever is pending.
            }

            Dictionary<LoggedSeries, PendingSeries> round;
            lock (_gate)
            {
                round = _pending;
                _pending = _spare;
            }

            if (round.Count > 0)
            {
                await ApplyRoundAsync(round.Values);
            }

            round.Clear();
            _spare = round;

            if (_stopping.IsCancellationRequested)
            {
                lock (_gate)
                {
                    if (_pending.Count == 0)
                    {
                        return;
                    }
                }
            }
        }
    }

    private async Task ApplyRoundAsync(IEnumerable<PendingSeries> round)
    {
        await Parallel.ForEachAsync(
            round,
            new ParallelOptions { MaxDegreeOfParallelism = _options.ApplyConcurrency },
            async (series, _) =>
            {
                var batch = Merge(series.Batches);
                var key = series.Key;
                try
                {
                    var result = await _series.Get(key).AppendAsync(batch);
                    if (result.IsRejected)
                    {
                        // Admission happened before the log; a refusal here means the schema moved on (a forced type change).
                        _logger.LogWarning("Series {Series} refused {Count} acknowledged samples: {Code} {Message}", key, batch.Timestamps.Length, result.RejectCode, result.RejectMessage);
                    }

                    Interlocked.Increment(ref CallsMade);
                    Interlocked.Add(ref BatchesApplied, series.Batches.Count);
                    Done(series.Sequences);
                }
                catch (Exception exception) when (!_stopping.IsCancellationRequested || exception is not OperationCanceledException)
                {
                    _logger.LogWarning(exception, "Applying {Count} samples to {Series} failed; retrying.", batch.Timestamps.Length, key);
                    await Task.Delay(RetryDelay);
                    Requeue(series);
                }
            });
    }

    private static SeriesBatch Merge(List<SeriesBatch> batches)
    {
        if (batches.Count == 1)
        {
            return batches[0];
        }

        // Later batches win on equal timestamps: the hot window keeps the last value it is given.
        var last = batches[^1];
        var timestamps = new List<long>();
        var values = new List<double>();
        foreach (var batch in batches)
        {
            timestamps.AddRange(batch.Timestamps);
            values.AddRange(batch.Values);
        }

        return last with
        {
            Timestamps = [.. timestamps],
            Values = [.. values],
            TypeEpoch = batches.Max(b => b.TypeEpoch),

            // Mixed with a live batch, replayed samples count as live: a late one is then written again (deduped on read) rather than skipped.
            Replayed = batches.TrueForAll(b => b.Replayed),
        };
    }

    private void Requeue(PendingSeries series)
    {
        lock (_gate)
        {
            if (!_pending.TryGetValue(series.Series, out var pending))
            {
                _pending[series.Series] = series;
            }
            else
            {
                // Older batches go first so that later values still win.
                pending.Batches.InsertRange(0, series.Batches);
                pending.Sequences.InsertRange(0, series.Sequences);
            }
        }

        _signal.Release();
    }

    private void Done(List<long> sequences)
    {
        // Hundreds of calls finish at once under load: only one that completes a sequence needs the gate.
        var completed = false;
        foreach (var sequence in sequences)
        {
            if (sequence != Untracked && Interlocked.Decrement(ref _outstanding[sequence].Value) == 0)
            {
                completed = true;
            }
        }

        if (completed)
        {
            lock (_gate)
            {
                RetireLocked();
            }
        }
    }

    private void RetireLocked()
    {
        var next = _applied + 1;
        while (_outstanding.TryGetValue(next, out var left) && Volatile.Read(ref left.Value) <= 0)
        {
            _outstanding.TryRemove(next, out _);
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
