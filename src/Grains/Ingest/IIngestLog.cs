using System.Collections.Immutable;
using Telemetry.Series;

namespace Telemetry.Ingest;

/// <summary>
/// The write-ahead log of one silo: an append is durable when its task completes. Replay yields every
/// entry still in the log, once, before the first append.
/// </summary>
public interface IIngestLog
{
    /// <summary>Appends the batches as one entry (group-committed with concurrent appends) and returns its sequence.</summary>
    Task<long> AppendAsync(ImmutableArray<SeriesBatch> batches, CancellationToken cancellationToken = default);

    /// <summary>Every entry in the log, oldest first; a torn entry at the very end (a crash mid-write) is cut off.</summary>
    IAsyncEnumerable<LogEntry> ReplayAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the entries still in the log up to <paramref name="upToSequence"/> again, oldest first, changing
    /// nothing: a survivor re-applies them when another silo dies, because series grains that lived there
    /// lost the hot samples this silo had applied to them.
    /// </summary>
    IAsyncEnumerable<LogEntry> ReadBackAsync(long upToSequence, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes sealed log files, oldest first, while every entry of the file is applied (up to
    /// <paramref name="appliedSequence"/>) and <paramref name="covered"/> says segments hold all of its samples;
    /// <paramref name="covered"/> gets the file's newest timestamp per series.
    /// </summary>
    Task<int> TrimAsync(long appliedSequence, Func<IReadOnlyDictionary<LoggedSeries, long>, Task<bool>> covered);
}
