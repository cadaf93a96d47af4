using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Telemetry.Series;
using Telemetry.Storage;

namespace Telemetry.Silo.Health;

/// <summary>Healthy when the data directory takes a write; reports the provider and hot-window settings.</summary>
public sealed class DataDirectoryHealthCheck(DataDirectoryLock data, IOptions<StorageOptions> storage, IOptions<SeriesOptions> series) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var details = new Dictionary<string, object>
        {
            ["provider"] = storage.Value.Provider,
            ["hot_window"] = series.Value.HotWindow.ToString(),
            ["write_ahead_log"] = Path.Combine(data.DataPath, "wal"),
        };
        try
        {
            var probe = Path.Combine(data.DataPath, ".health");
            await File.WriteAllTextAsync(probe, DateTimeOffset.UtcNow.ToString("O"), cancellationToken);
            return HealthCheckResult.Healthy("Data directory writable.", details);
        }
        catch (IOException exception)
        {
            return HealthCheckResult.Unhealthy("The data directory cannot be written.", exception, details);
        }
        catch (UnauthorizedAccessException exception)
        {
            return HealthCheckResult.Unhealthy("The data directory cannot be written.", exception, details);
        }
    }
}
