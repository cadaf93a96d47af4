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

    /// <summary>Deletes sealed log files all of whose samples are older than <paramref name="cutoffTicks"/>.</summary>
    Task<int> TrimAsync(long cutoffTicks);
}
