using Microsoft.Extensions.Diagnostics.HealthChecks;
using Telemetry.Api.Hosting;
using Telemetry.Hosting;
using Telemetry.Silo.Health;
using Telemetry.Storage;

namespace Telemetry.Silo;

/// <summary>
/// The composition root: one process hosting the Orleans silo (localhost clustering in Local mode) and the
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

        var cluster = configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() ?? new ClusterOptions();
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: "telemetry", clusterId: "telemetry-local")
            .AddTelemetryGrains(configuration));

        builder.Services.AddTelemetryApi(configuration);
        builder.Services.AddHealthChecks()
            .AddCheck("api", () => HealthCheckResult.Healthy("Serving HTTP."))
            .AddCheck<ClusterHealthCheck>("cluster")
            .AddCheck<DataDirectoryHealthCheck>("storage")
            .AddCheck<IngestHealthCheck>("ingest");

        var app = builder.Build();
        app.Services.GetRequiredService<DataDirectoryLock>();
        app.UseTelemetryApi();
        return app;
    }
}
