using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Telemetry.Idempotency;
using Telemetry.Ingest;
using Telemetry.Rollups;
using Telemetry.Schema;
using Telemetry.Series;
using Telemetry.Storage;

namespace Telemetry.Hosting;

public static class SiloBuilderExtensions
{
    /// <summary>
    /// Adds the telemetry grains' services and their storage: the options bound from configuration,
    /// the grain storage of the configured provider, and a time source.
    /// </summary>
    public static ISiloBuilder AddTelemetryGrains(this ISiloBuilder builder, IConfiguration configuration)
    {
        var services = builder.Services;
        services.Configure<SeriesOptions>(configuration.GetSection(SeriesOptions.Section));
        services.Configure<StorageOptions>(configuration.GetSection(StorageOptions.Section));
        services.Configure<IdempotencyOptions>(configuration.GetSection(IdempotencyOptions.Section));
        services.Configure<CardinalityOptions>(configuration.GetSection(CardinalityOptions.Section));
        services.Configure<IngestLogOptions>(configuration.GetSection(IngestLogOptions.Section));
        services.Configure<SegmentOptions>(configuration.GetSection(SegmentOptions.Section));
        services.TryAddSingleton(TimeProvider.System);

        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        if (!storage.IsLocal)
        {
            throw new NotSupportedException(
                $"Telemetry:Storage:Provider '{storage.Provider}' is not supported yet; only 'Local' is (Azure arrives with issue #4).");
        }

        var dataPath = Path.GetFullPath(storage.DataPath);
        var grainsPath = Path.Combine(dataPath, "grains");
        services.AddSingleton<IAuditStore>(new FileAuditStore(Path.Combine(dataPath, "audit")));
        services.AddSingleton<ISegmentStore>(new FileSegmentStore(Path.Combine(dataPath, "segments")));
        services.AddSingleton<IIngestLog>(sp => new FileIngestLog(
            Path.Combine(dataPath, "wal"),
            sp.GetRequiredService<Orleans.Serialization.Serializer>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<IngestLogOptions>>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<FileIngestLog>>()));
        services.AddSingleton<ApplyDispatcher>();
        services.AddSingleton<LogReplayer>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<LogReplayer>());
        services.AddGrainStorage(TelemetryStorage.Name, (sp, _) =>
            new FileGrainStorage(grainsPath, new OrleansGrainStorageSerializer(sp.GetRequiredService<Orleans.Serialization.Serializer>())));
        return builder;
    }
}
