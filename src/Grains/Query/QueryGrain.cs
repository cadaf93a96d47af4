using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Telemetry.Ingest;

namespace Telemetry.Query;

/// <summary>
/// Stateless query front: one activation per core on each silo, each running <see cref="QueryExecutor"/>
/// against the metric index and series grains of the query's tenant and metric. It first waits (bounded)
/// until everything this silo acknowledged before the query arrived is applied: read-your-writes.
/// </summary>
[StatelessWorker]
public sealed class QueryGrain(ApplyDispatcher dispatcher, IOptions<IngestLogOptions> options) : Grain, IQueryGrain
{
    async Task<QueryOutcome> IQueryGrain.RunAsync(QuerySpec spec)
    {
        await dispatcher.WaitAppliedAsync(dispatcher.LastEnqueued, options.Value.ReadYourWritesTimeout);
        return await QueryExecutor.RunAsync(spec, new GrainQuerySource(GrainFactory, spec.TenantId, spec.Metric));
    }
}
