using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telemetry.Series;

namespace Telemetry.Ingest;

/// <summary>
/// Ties the log to the silo's life: when the silo becomes active, every entry still in the log is
/// replayed into the series grains (replays are harmless: the same series and timestamp is one sample)
/// before new appends are taken; a timer then trims sealed log files whose samples have all left the
/// hot window. On stop, the dispatcher applies what is pending before grains deactivate.
/// </summary>
public sealed class LogReplayer(
    IIngestLog log,
    ApplyDispatcher dispatcher,
    IOptions<SeriesOptions> series,
    TimeProvider time,
    ILogger<LogReplayer> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan TrimInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan TrimMargin = TimeSpan.FromMinutes(5);

    private ITimer? _trimTimer;

    /// <summary>True once the log's tail is replayed and applied.</summary>
    public bool Replayed { get; private set; }

    public long ReplayedEntries { get; private set; }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LogReplayer), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        dispatcher.Start();
        long last = 0;
        await foreach (var entry in log.ReplayAsync(cancellationToken))
        {
            dispatcher.Enqueue(entry.Sequence, entry.Batches);
            last = entry.Sequence;
            ReplayedEntries++;
        }

        if (ReplayedEntries > 0)
        {
            await dispatcher.WaitAppliedAsync(last, Timeout.InfiniteTimeSpan, cancellationToken);
            logger.LogInformation("Replayed {Entries} log entries into the series grains.", ReplayedEntries);
        }

        Replayed = true;
        _trimTimer = time.CreateTimer(_ => _ = TrimAsync(), null, TrimInterval, TrimInterval);
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_trimTimer is not null)
        {
            await _trimTimer.DisposeAsync();
        }

        await dispatcher.DisposeAsync();
    }

    private async Task TrimAsync()
    {
        try
        {
            // Until Parquet segments hold the older past (#4), what leaves the hot window leaves the service.
            var cutoff = (time.GetUtcNow() - series.Value.HotWindow - TrimMargin).UtcTicks;
            var trimmed = await log.TrimAsync(cutoff);
            if (trimmed > 0)
            {
                logger.LogInformation("Trimmed {Files} log files past the hot window.", trimmed);
            }
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Trimming the log failed; it will be tried again.");
        }
    }
}
