using Microsoft.Extensions.Logging;
using Telemetry.Rollups;

namespace Telemetry.Series;

public sealed partial class SeriesGrain
{
    private TimeSpan FlushAge => segments.Value.FlushAge ?? _options.HotWindow;

    Task ISeriesGrain.FlushAsync() => FlushOldAsync();

    Task ISeriesGrain.FlushAllAsync() => FlushBeforeAsync(long.MaxValue);

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        activations.Remove(this.GetPrimaryKeyString());
        if (reason.ReasonCode == DeactivationReasonCode.ShuttingDown)
        {
            // The stopping silo flushed its series before grains deactivate (LogReplayer); calling rollup grains
            // now could wait for ones already gone. Whatever came later is in the log, replayed at the next start.
            return;
        }

        try
        {
            // Everything, so a collected series loses nothing: the next activation finds it in segments.
            await FlushBeforeAsync(long.MaxValue);
        }
        catch (Exception exception)
        {
            // The samples are still in the log, which is not trimmed past FlushedBefore: a restart replays them.
            logger.LogWarning(exception, "Series {Series} could not flush {Count} samples on deactivation.", this.GetPrimaryKeyString(), _window.Count);
        }
    }

    private void StartFlushTimer()
    {
        var interval = segments.Value.FlushInterval;

        // Not interleaved: appends wait for the flush, so nothing lands in the part being evicted meanwhile.
        this.RegisterGrainTimer(
            _ => FlushOldAsync(),
            new GrainTimerCreationOptions { DueTime = interval, Period = interval, Interleave = false, KeepAlive = false });
    }

    /// <summary>
    /// Flushes whole hours: the samples before the hour holding now − flush age. Every series of a metric then
    /// flushes the same hour within one timer period, so the rollup grain writes a few large segments per hour
    /// partition instead of one per tick, and each series writes its state once an hour, not once a minute.
    /// </summary>
    private Task FlushOldAsync() => FlushBeforeAsync(HourPartitions.HourOf((time.GetUtcNow() - FlushAge).UtcTicks));

    /// <summary>
    /// Sends the samples older than <paramref name="cutoff"/> to the rollup grain; once they are durable there,
    /// records how far segments reach and drops them from the window.
    /// </summary>
    private async Task FlushBeforeAsync(long cutoff)
    {
        if (_window.Count == 0 || _window.FirstTimestamp >= cutoff || _labels is null)
        {
            return;
        }

        var before = Math.Min(cutoff, _window.LastTimestamp!.Value + 1);
        var (timestamps, values) = _window.CopyBefore(before);
        await Rollup.FlushAsync([new SeriesFlush(_labels, [.. timestamps], [.. values])]);
        state.State.Flushed(before, timestamps[^1], values[^1]);
        await PersistAsync();
        _window.EvictBefore(before);
    }

    /// <summary>Samples older than FlushedBefore arriving live: written straight to a (small) segment.</summary>
    private async Task FlushLateAsync(List<(long Timestamp, double Value)> late)
    {
        late.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        await Rollup.FlushAsync([new SeriesFlush(_labels!, [.. late.Select(s => s.Timestamp)], [.. late.Select(s => s.Value)])]);
        var newest = late[^1];
        if (state.State.LastFlushed is not { } last || newest.Timestamp >= last.Timestamp)
        {
            state.State.Flushed(state.State.FlushedBefore, newest.Timestamp, newest.Value);
            await PersistAsync();
        }
    }

    private Task PersistAsync()
    {
        state.State.Type = _type;
        state.State.TypeEpoch = _typeEpoch;
        return state.WriteStateAsync();
    }

    private IRollupGrain Rollup
    {
        get
        {
            var key = this.GetPrimaryKeyString();
            return GrainFactory.GetGrain<IRollupGrain>(key[..key.LastIndexOf('/')]);
        }
    }
}
