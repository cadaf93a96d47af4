using Orleans.Concurrency;

namespace Telemetry.Query;

/// <summary>
/// Stateless query front: one activation per core on each silo, each running <see cref="QueryExecutor"/>
/// against the metric index and series grains of the query's tenant and metric.
/// </summary>
[StatelessWorker]
public sealed class QueryGrain : Grain, IQueryGrain
{
    Task<QueryOutcome> IQueryGrain.RunAsync(QuerySpec spec) =>
        QueryExecutor.RunAsync(spec, new GrainQuerySource(GrainFactory, spec.TenantId, spec.Metric));
}
