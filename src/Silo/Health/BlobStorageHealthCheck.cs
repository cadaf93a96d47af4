using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Telemetry.Series;
using Telemetry.Storage;

namespace Telemetry.Silo.Health;

/// <summary>Azure: healthy when the blob container answers; reports the provider and hot-window settings.</summary>
public sealed class BlobStorageHealthCheck(AzureStorageClients clients, IOptions<StorageOptions> storage, IOptions<SeriesOptions> series) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var details = new Dictionary<string, object>
        {
            ["provider"] = storage.Value.Provider,
            ["hot_window"] = series.Value.HotWindow.ToString(),
            ["container"] = clients.ContainerName,
        };
        try
        {
            var container = await clients.ContainerAsync();
            await container.GetPropertiesAsync(cancellationToken: cancellationToken);
            return HealthCheckResult.Healthy("Blob storage answers.", details);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("Blob storage does not answer.", exception, details);
        }
    }
}
