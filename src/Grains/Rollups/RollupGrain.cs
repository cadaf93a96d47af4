using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Telemetry.Hosting;
using Telemetry.Segments;
using Telemetry.Storage;

namespace Telemetry.Rollups;

/// <summary>
/// One per metric: gathers the flushes of its series grains for <see cref="SegmentOptions.CommitDelay"/>
/// (or until <see cref="SegmentOptions.CommitRows"/> wait), writes them as one raw segment per hour
/// partition, persists the catalog, and only then completes the flushes: a completed flush is durable.
/// Reentrant, so flushes arriving during a commit join the next one instead of queueing behind it.
/// </summary>
[Reentrant]
public sealed partial class RollupGrain(
    [PersistentState("catalog", TelemetryStorage.Name)] IPersistentState<SegmentCatalog> catalog,
    ISegmentStore store,
    IOptions<SegmentOptions> options) : Grain, IRollupGrain
{
    private readonly SegmentOptions _options = options.Value;
    private List<SeriesFlush> _buffer = [];
    private int _bufferedRows;
    private TaskCompletionSource? _nextCommit;
    private bool _commitScheduled;
    private bool _writing;

    private string TenantId => this.GetPrimaryKeyString()[..this.GetPrimaryKeyString().IndexOf('/')];

    private string Metric => this.GetPrimaryKeyString()[(this.GetPrimaryKeyString().IndexOf('/') + 1)..];

    async Task IRollupGrain.FlushAsync(ImmutableArray<SeriesFlush> series)
    {
        var rows = series.Sum(s => s.Timestamps.Length);
        if (rows == 0)
        {
            return;
        }

        _buffer.AddRange(series);
        _bufferedRows += rows;
        var commit = _nextCommit ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_bufferedRows >= _options.CommitRows)
        {
            _ = CommitAsync();
        }
        else if (!_commitScheduled)
        {
            _commitScheduled = true;
            _ = CommitLaterAsync();
        }

        await commit.Task;
    }

    Task<ImmutableArray<SegmentInfo>> IRollupGrain.GetSegmentsAsync() =>
        Task.FromResult(catalog.State.Segments.ToImmutableArray());

    private async Task CommitLaterAsync()
    {
        await Task.Delay(_options.CommitDelay);
        _commitScheduled = false;
        await CommitAsync();
    }

    /// <summary>Writes what is buffered, then whatever arrived meanwhile; one writer at a time.</summary>
    private async Task CommitAsync()
    {
        if (_writing)
        {
            return;
        }

        _writing = true;
        try
        {
            while (_buffer.Count > 0)
            {
                var flushes = _buffer;
                var done = _nextCommit!;
                _buffer = [];
                _bufferedRows = 0;
                _nextCommit = null;
                try
                {
                    await WriteSegmentsAsync(flushes);
                    done.TrySetResult();
                }
                catch (Exception exception)
                {
                    done.TrySetException(exception);
                }
            }
        }
        finally
        {
            _writing = false;
        }
    }

    private async Task WriteSegmentsAsync(List<SeriesFlush> flushes)
    {
        var written = new List<SegmentInfo>();
        var nextSequence = catalog.State.NextSequence;
        try
        {
            foreach (var (hour, rows) in HourPartitions.Split(flushes))
            {
                using var content = new MemoryStream();
                var summary = await RawSegmentWriter.WriteAsync(content, rows);
                content.Position = 0;

                // The random part keeps a retried commit (same sequence after a failed catalog write) from
                // overwriting a segment another activation may have listed.
                var path = $"{HourPartitions.Folder(TenantId, Metric, hour)}/{catalog.State.NextSequence:D10}-{Guid.NewGuid().ToString("N")[..8]}.parquet";
                await store.WriteAsync(path, content);
                written.Add(catalog.State.Describe(path, hour, summary, content.Length));
            }

            catalog.State.Segments.AddRange(written);
            await catalog.WriteStateAsync();
        }
        catch
        {
            // Not listed, not durable: the flush fails and the series grain sends the samples again.
            catalog.State.Segments.RemoveAll(written.Contains);
            catalog.State.NextSequence = nextSequence;
            throw;
        }
    }
}
