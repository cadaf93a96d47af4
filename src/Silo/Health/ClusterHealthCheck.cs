using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Telemetry.Silo.Health;

/// <summary>Healthy when the cluster answers and lists its active silos.</summary>
public sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy(
                $"{hosts.Count} active silo(s).",
                new Dictionary<string, object> { ["silos"] = hosts.Count });
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The cluster did not answer.", exception);
        }
    }
}
