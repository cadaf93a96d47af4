using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Telemetry.Series;

namespace Telemetry.Ingest;

/// <summary>
/// Ties the log to the silo's life: when the silo becomes active, every entry still in the log is
/// replayed into the series grains (replays are harmless: the same series and timestamp is one sample,
/// and samples a series already flushed to segments are skipped) before new appends are taken; a timer
/// then trims sealed log files once segments cover them. When another silo dies, the series grains that
/// lived there come back without the hot samples this silo had applied to them, so this silo re-applies
/// what is still in its log (again harmless). On stop, the dispatcher applies what is pending before
/// grains deactivate.
/// </summary>
public sealed class LogReplayer(
    IIngestLog log,
    ApplyDispatcher dispatcher,
    IGrainFactory grains,
    LocalSeriesActivations activations,
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    TimeProvider time,
    ILogger<LogReplayer> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _watch;
    private static readonly TimeSpan TrimInterval = TimeSpan.FromMinutes(1);
    private const int TrimConcurrency = 64;

    private ITimer? _trimTimer;

    /// <summary>True once the log's tail is replayed and applied.</summary>
    public bool Replayed { get; private set; }

    public long ReplayedEntries { get; private set; }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LogReplayer), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    /// <summary>
    /// Whether segments hold every sample of a log file: each of its series reports FlushedBefore past the
    /// file's newest timestamp of that series. <paramref name="flushedBefore"/> caches answers over one trim pass.
    /// </summary>
    public static async Task<bool> CoveredAsync(
        IReadOnlyDictionary<LoggedSeries, long> newest,
        ConcurrentDictionary<LoggedSeries, long> flushedBefore,
        Func<LoggedSeries, Task<long>> askSeries)
    {
        var covered = true;
        using var stop = new CancellationTokenSource();
        try
        {
            await Parallel.ForEachAsync(
                newest,
                new ParallelOptions { MaxDegreeOfParallelism = TrimConcurrency, CancellationToken = stop.Token },
                async (pair, _) =>
                {
                    if (!flushedBefore.TryGetValue(pair.Key, out var before))
                    {
                        flushedBefore[pair.Key] = before = await askSeries(pair.Key);
                    }

                    if (before <= pair.Value)
                    {
                        covered = false;
                        await stop.CancelAsync();
                    }
                });
        }
        catch (OperationCanceledException) when (!covered)
        {
            // One series still needs the file: no need to ask the others.
        }

        return covered;
    }

    /// <summary>
    /// An entry as replayed: its batches are marked <see cref="SeriesBatch.Replayed"/> (flushed samples are skipped)
    /// only when the entry is at or below the persisted applied mark. An entry past it may never have reached its
    /// series before the crash, so its samples count as live: a late one is written to a segment again rather than
    /// skipped, and dedupes on read.
    /// </summary>
    public static ImmutableArray<SeriesBatch> AsReplayed(LogEntry entry, long appliedMark) =>
        entry.Sequence <= appliedMark ? [.. entry.Batches.Select(b => b with { Replayed = true })] : entry.Batches;

    /// <summary>Trims the sealed log files segments cover; the timer calls it once a minute.</summary>
    public async Task<int> TrimAsync()
    {
        var flushedBefore = new ConcurrentDictionary<LoggedSeries, long>();
        return await log.TrimAsync(dispatcher.AppliedSequence, newest => CoveredAsync(newest, flushedBefore, series =>
            grains.GetGrain<ISeriesGrain>(SeriesKey.ForSeries(series.TenantId, series.Metric, series.Hash)).GetFlushedBeforeAsync()));
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        dispatcher.Start();
        var appliedMark = await Checkpoint.GetAppliedAsync();
        long last = 0;
        await foreach (var entry in log.ReplayAsync(cancellationToken))
        {
            dispatcher.Enqueue(entry.Sequence, AsReplayed(entry, appliedMark));
            last = entry.Sequence;
            ReplayedEntries++;
        }

        if (ReplayedEntries > 0)
        {
            await dispatcher.WaitAppliedAsync(last, Timeout.InfiniteTimeSpan, cancellationToken);
            logger.LogInformation("Replayed {Entries} log entries into the series grains.", ReplayedEntries);
        }

        // Everything replayed is applied now; setting (not raising) the mark also follows a log that numbers from 1 again.
        await Checkpoint.SetAppliedAsync(last, reset: true);
        Replayed = true;
        _trimTimer = time.CreateTimer(_ => _ = TrimOnTimerAsync(), null, TrimInterval, TrimInterval);
        _watch = Task.Run(() => WatchForDeadSilosAsync(_stopping.Token));
    }

    /// <summary>Entries re-applied because another silo died (for diagnostics and tests).</summary>
    public long ReappliedEntries { get; private set; }

    /// <summary>Re-applies what is still in this silo's log each time the membership declares another silo dead.</summary>
    private async Task WatchForDeadSilosAsync(CancellationToken cancellationToken)
    {
        var dead = membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress).ToHashSet();
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken))
            {
                var newlyDead = snapshot.Members.Values
                    .Where(m => m.Status == SiloStatus.Dead && !m.SiloAddress.Equals(silo.SiloAddress) && dead.Add(m.SiloAddress))
                    .ToList();
                if (newlyDead.Count > 0)
                {
                    await ReapplyLogAsync(string.Join(", ", newlyDead.Select(m => m.Name)), cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Watching the cluster membership failed; a dead silo's series may miss this silo's hot samples until this silo restarts.");
        }
    }

    private async Task ReapplyLogAsync(string deadSilos, CancellationToken cancellationToken)
    {
        var upTo = dispatcher.LastEnqueued;
        long entries = 0;
        await foreach (var entry in log.ReadBackAsync(upTo, cancellationToken))
        {
            // Marked as replayed: samples a series already flushed to segments are skipped, the rest land once.
            dispatcher.Reapply([.. entry.Batches.Select(b => b with { Replayed = true })]);
            entries++;
        }

        ReappliedEntries += entries;
        logger.LogInformation("Silo(s) {Dead} died: re-applied {Entries} entries of this silo's log to their series.", deadSilos, entries);
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_watch is not null)
        {
            await _watch;
        }

        if (_trimTimer is not null)
        {
            await _trimTimer.DisposeAsync();
        }

        await dispatcher.DisposeAsync();
        try
        {
            await Checkpoint.SetAppliedAsync(dispatcher.AppliedSequence);
        }
        catch (Exception exception)
        {
            // Only costs work at the next start: entries past the old mark are replayed as live.
            logger.LogWarning(exception, "Could not record the log's applied sequence while stopping.");
        }

        await FlushLocalSeriesAsync(cancellationToken);
    }

    private ILogCheckpointGrain Checkpoint => grains.GetGrain<ILogCheckpointGrain>(silo.Name);

    /// <summary>
    /// Moves the hot samples of this silo's series to segments while the rollup grains are still up, so a
    /// graceful stop leaves nothing that only a replay of some silo's log could bring back.
    /// </summary>
    private async Task FlushLocalSeriesAsync(CancellationToken cancellationToken)
    {
        var keys = activations.Keys.ToList();
        var failed = 0;
        try
        {
            await Parallel.ForEachAsync(
                keys,
                new ParallelOptions { MaxDegreeOfParallelism = TrimConcurrency, CancellationToken = cancellationToken },
                async (key, _) =>
                {
                    try
                    {
                        await grains.GetGrain<ISeriesGrain>(key).FlushAllAsync();
                    }
                    catch (Exception)
                    {
                        Interlocked.Increment(ref failed);
                    }
                });
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("The silo stopped before its series were flushed; the log replays the rest at the next start.");
        }

        if (failed > 0)
        {
            logger.LogWarning("{Failed} of {Series} series could not flush while the silo stopped; the log replays them at the next start.", failed, keys.Count);
        }
    }

    private async Task TrimOnTimerAsync()
    {
        try
        {
            await Checkpoint.SetAppliedAsync(dispatcher.AppliedSequence);
            var trimmed = await TrimAsync();
            if (trimmed > 0)
            {
                logger.LogInformation("Trimmed {Files} log files that segments cover.", trimmed);
            }
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Trimming the log failed; it will be tried again.");
        }
    }
}
