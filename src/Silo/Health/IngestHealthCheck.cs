using Microsoft.Extensions.Diagnostics.HealthChecks;
using Telemetry.Ingest;

namespace Telemetry.Silo.Health;

/// <summary>The write path of this silo: log replay done, and how far applying trails acknowledging.</summary>
public sealed class IngestHealthCheck(ApplyDispatcher dispatcher, LogReplayer replayer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var details = new Dictionary<string, object>
        {
            ["acknowledged_sequence"] = dispatcher.LastEnqueued,
            ["applied_sequence"] = dispatcher.AppliedSequence,
            ["apply_lag_entries"] = dispatcher.LastEnqueued - dispatcher.AppliedSequence,
            ["replayed_entries"] = replayer.ReplayedEntries,
            ["series_calls"] = Interlocked.Read(ref dispatcher.CallsMade),
            ["batches_applied"] = Interlocked.Read(ref dispatcher.BatchesApplied),
        };
        return Task.FromResult(replayer.Replayed
            ? HealthCheckResult.Healthy("Write-ahead log replayed; applying behind it.", details)
            : HealthCheckResult.Degraded("Replaying the write-ahead log.", data: details));
    }
}
