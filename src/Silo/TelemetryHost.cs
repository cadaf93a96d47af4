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

    /// <summary>See <see cref="RaiseThreadPoolMinimum"/>; measured in bench/README.md (alert latency).</summary>
    public const int DefaultMinWorkerThreads = 16;

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

        RaiseThreadPoolMinimum(configuration.GetValue("Telemetry:Host:MinWorkerThreads", DefaultMinWorkerThreads));
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

    /// <summary>
    /// Lets the thread pool run at least <paramref name="workers"/> work items at once before its hill climbing
    /// decides. On a busy 2-core silo, parsing ingest requests (CPU-bound work items of tens of milliseconds) otherwise
    /// holds the few pool threads, and the short work items of the alert path (the grain call that evaluates a rule,
    /// the webhook send) wait behind them: p99 from the 202 to the webhook went from 241 ms to 40 ms at 110k samples/s.
    /// The minimum only ever rises; 0 leaves the runtime's default.
    /// </summary>
    private static void RaiseThreadPoolMinimum(int workers)
    {
        ThreadPool.GetMinThreads(out var current, out var io);
        if (workers > current)
        {
            ThreadPool.SetMinThreads(workers, io);
        }
    }
}
