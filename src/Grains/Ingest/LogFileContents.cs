using System.Collections.Immutable;
using Telemetry.Series;

namespace Telemetry.Ingest;

/// <summary>
/// What trimming needs to know of one log file (or blob): its last sequence and, per series, its newest
/// timestamp. Kept while writing and rebuilt while replaying; written by one writer until the file is sealed.
/// </summary>
public sealed class LogFileContents
{
    private readonly Dictionary<LoggedSeries, long> _newest = [];

    public long LastSequence { get; private set; }

    public IReadOnlyDictionary<LoggedSeries, long> Newest => _newest;

    public void Include(long sequence, ImmutableArray<SeriesBatch> batches)
    {
        LastSequence = Math.Max(LastSequence, sequence);
        foreach (var batch in batches)
        {
            if (batch.Timestamps.IsEmpty)
            {
                continue;
            }

            var series = new LoggedSeries(batch.TenantId, batch.Metric, batch.Labels.Hash);
            var newest = long.MinValue;
            foreach (var timestamp in batch.Timestamps)
            {
                newest = Math.Max(newest, timestamp);
            }

            if (!_newest.TryGetValue(series, out var known) || newest > known)
            {
                _newest[series] = newest;
            }
        }
    }

    /// <summary>
    /// Whether a sealed file may go: all its entries are applied and <paramref name="covered"/> says segments
    /// hold every one of its samples.
    /// </summary>
    public async Task<bool> TrimmableAsync(long appliedSequence, Func<IReadOnlyDictionary<LoggedSeries, long>, Task<bool>> covered) =>
        LastSequence <= appliedSequence && await covered(_newest);

    /// <summary>
    /// Deletes sealed log pieces (files or blobs) oldest first while segments cover them, and stops at the
    /// first one still needed: replay expects the log's sequences without holes.
    /// </summary>
    public static async Task<int> TrimOldestFirstAsync<TPiece>(
        IEnumerable<TPiece> oldestFirst,
        Func<TPiece, LogFileContents> contents,
        long appliedSequence,
        Func<IReadOnlyDictionary<LoggedSeries, long>, Task<bool>> covered,
        Func<TPiece, Task> delete)
    {
        var trimmed = 0;
        foreach (var piece in oldestFirst)
        {
            if (!await contents(piece).TrimmableAsync(appliedSequence, covered))
            {
                break;
            }

            await delete(piece);
            trimmed++;
        }

        return trimmed;
    }
}
