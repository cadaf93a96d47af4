using Microsoft.Extensions.Diagnostics.HealthChecks;
using Telemetry.Ingest;

namespace Telemetry.Silo.Health;

/// <summary>The write path of this silo: log replay done, and how far applying trails acknowledging.</summary>
public sealed class IngestHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = await grains.GetGrain<IIngestGatewayGrain>(0).GetStatusAsync();
        var details = new Dictionary<string, object>
        {
            ["acknowledged_sequence"] = status.AcknowledgedSequence,
            ["applied_sequence"] = status.AppliedSequence,
            ["apply_lag_entries"] = status.AcknowledgedSequence - status.AppliedSequence,
            ["replayed_entries"] = status.ReplayedEntries,
            ["series_calls"] = status.SeriesCalls,
            ["batches_applied"] = status.BatchesApplied,
        };
        return status.Replayed
            ? HealthCheckResult.Healthy("Write-ahead log replayed; applying behind it.", details)
            : HealthCheckResult.Degraded("Replaying the write-ahead log.", data: details);
    }
}
