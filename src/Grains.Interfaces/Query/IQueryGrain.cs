namespace Telemetry.Query;

/// <summary>
/// Plans and runs range queries: resolves series through the metric's index, fans out to the series
/// grains for partial aggregates, and merges them into buckets × groups. Stateless; one per silo core.
/// </summary>
[Alias("Telemetry.Query.IQueryGrain")]
public interface IQueryGrain : IGrainWithIntegerKey
{
    /// <summary>Runs the query or refuses it when it exceeds its limits.</summary>
    [Alias("Run")]
    Task<QueryOutcome> RunAsync(QuerySpec spec);
}
