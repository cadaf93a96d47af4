using System.Collections.Immutable;
using Telemetry.Series;

namespace Telemetry.Ingest;

/// <summary>
/// The silo-local entry to the write path (a stateless worker, so always on the caller's silo): appends
/// admitted batches to this silo's write-ahead log and answers once they are durable; applying them to
/// the series grains happens behind the log.
/// </summary>
[Alias("Telemetry.Ingest.IIngestGatewayGrain")]
public interface IIngestGatewayGrain : IGrainWithIntegerKey
{
    /// <summary>Makes the batches durable and returns their log sequence; throws when storage is unavailable.</summary>
    [Alias("Append")]
    Task<long> AppendAsync(ImmutableArray<SeriesBatch> batches);

    /// <summary>The state of this silo's write path.</summary>
    [Alias("GetStatus")]
    Task<WritePathStatus> GetStatusAsync();
}
