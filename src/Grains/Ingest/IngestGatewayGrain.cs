using System.Collections.Immutable;
using Orleans.Concurrency;
using Telemetry.Series;

namespace Telemetry.Ingest;

/// <summary>Appends to this silo's log and hands the durable entry to this silo's dispatcher.</summary>
[StatelessWorker]
public sealed class IngestGatewayGrain(IIngestLog log, ApplyDispatcher dispatcher, LogReplayer replayer) : Grain, IIngestGatewayGrain
{
    async Task<long> IIngestGatewayGrain.AppendAsync(ImmutableArray<SeriesBatch> batches)
    {
        var sequence = await log.AppendAsync(batches);
        dispatcher.Enqueue(sequence, batches);
        return sequence;
    }

    Task<WritePathStatus> IIngestGatewayGrain.GetStatusAsync() => Task.FromResult(new WritePathStatus(
        dispatcher.LastEnqueued,
        dispatcher.AppliedSequence,
        replayer.ReplayedEntries,
        replayer.Replayed,
        Interlocked.Read(ref dispatcher.CallsMade),
        Interlocked.Read(ref dispatcher.BatchesApplied)));
}
