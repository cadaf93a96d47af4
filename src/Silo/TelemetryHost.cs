using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Telemetry.Api.Hosting;
using Telemetry.Hosting;
using Telemetry.Silo.Health;
using Telemetry.Storage;

namespace Telemetry.Silo;

/// <summary>
/// The composition root: one process hosting the Orleans silo (localhost clustering in Local mode, Azure Table clustering in Azure mode) and the
/// HTTP API. Tests build the same application with their own configuration.
/// </summary>
public static class TelemetryHost
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Settings files ship next to the binaries; relative data paths resolve against the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        var configuration = builder.Configuration;
        if (string.IsNullOrEmpty(configuration["Urls"]) && string.IsNullOrEmpty(configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var cluster = configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() ?? new ClusterOptions();
        if (storage.IsAzure)
        {
            // Nothing is kept on local disk, so there is no data directory to lock nor a generated key to keep.
            if (string.IsNullOrWhiteSpace(configuration["Telemetry:Auth:BootstrapKey"]))
            {
                throw new InvalidOperationException("Telemetry:Auth:BootstrapKey must be configured when Telemetry:Storage:Provider is 'Azure'.");
            }

            builder.UseOrleans(silo => silo
                .UseAzureStorageClustering(options => options.Configure<AzureStorageClients>((o, clients) => o.TableServiceClient = clients.Tables))
                .Configure<Orleans.Configuration.ClusterOptions>(o =>
                {
                    o.ClusterId = cluster.ClusterId;
                    o.ServiceId = cluster.ServiceId;
                })
                .Configure<Orleans.Configuration.SiloOptions>(o => o.SiloName = cluster.EffectiveSiloName)
                .ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedIP), cluster.SiloPort, cluster.GatewayPort, cluster.ListenOnAnyHostAddress)
                .AddTelemetryGrains(configuration));
        }
        else
        {
            var dataPath = Path.GetFullPath(storage.DataPath);
            // Taken now, so a second process fails at once; registered through a factory so that the container owns
            // it and releases it when the app is disposed (an instance registration is never disposed).
            var dataLock = new DataDirectoryLock(dataPath);
            builder.Services.AddSingleton(_ => dataLock);
            if (string.IsNullOrWhiteSpace(configuration["Telemetry:Auth:BootstrapKey"]))
            {
                configuration["Telemetry:Auth:BootstrapKey"] = BootstrapKeyFile.ReadOrCreate(dataPath);
                Console.WriteLine($"Telemetry:Auth:BootstrapKey is not set; the admin key is in {Path.Combine(dataPath, BootstrapKeyFile.FileName)}.");
            }

            // One process owns the data directory, so its silo name can stay the same across restarts: the log's applied
            // mark (kept per silo name) is then found again after a crash, and replayed entries count as replayed.
            builder.UseOrleans(silo => silo
                .UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId)
                .Configure<Orleans.Configuration.SiloOptions>(o => o.SiloName = string.IsNullOrWhiteSpace(cluster.SiloName) ? "local" : cluster.SiloName)
                .AddTelemetryGrains(configuration));
        }

        builder.Services.AddTelemetryApi(configuration);
        builder.Services.AddHealthChecks()
            .AddCheck("api", () => HealthCheckResult.Healthy("Serving HTTP."))
            .AddCheck<ClusterHealthCheck>("cluster")
            .AddCheck<IngestHealthCheck>("ingest");
        if (storage.IsAzure)
        {
            builder.Services.AddHealthChecks().AddCheck<BlobStorageHealthCheck>("storage");
        }
        else
        {
            builder.Services.AddHealthChecks().AddCheck<DataDirectoryHealthCheck>("storage");
        }

        var app = builder.Build();
        app.Services.GetService<DataDirectoryLock>();
        app.UseTelemetryApi();
        return app;
    }
}
