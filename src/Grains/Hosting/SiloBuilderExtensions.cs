using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;
using Telemetry.Alerts;
using Telemetry.Idempotency;
using Telemetry.Ingest;
using Telemetry.Notifications;
using Telemetry.Rollups;
using Telemetry.Schema;
using Telemetry.Series;
using Telemetry.Storage;

namespace Telemetry.Hosting;

public static class SiloBuilderExtensions
{
    private const string AzureTableStorageName = TelemetryStorage.Name + "-table";

    /// <summary>
    /// Adds the telemetry grains' services and their storage: the options bound from configuration,
    /// the grain storage, log and audit store of the configured provider (<c>Local</c> or <c>Azure</c>), and a time source.
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
        services.AddAlerting(configuration);

        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        if (storage.IsAzure)
        {
            builder.AddAzureStorage(storage);
        }
        else if (storage.IsLocal)
        {
            builder.AddLocalStorage(storage);
        }
        else
        {
            throw new NotSupportedException($"Telemetry:Storage:Provider '{storage.Provider}' is unknown; use 'Local' or 'Azure'.");
        }

        builder.AddLiveStreams(configuration, storage);
        services.AddSingleton<ApplyDispatcher>();
        services.AddSingleton<LocalSeriesActivations>();
        services.AddSingleton<LogReplayer>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<LogReplayer>());
        return builder;
    }

    /// <summary>
    /// Alert evaluation and notification: each silo's rule book (kept fresh by polling), the evaluator, the notifier
    /// and the outbound senders it uses (webhooks through the address guard, email through SMTP).
    /// </summary>
    private static void AddAlerting(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AlertEvaluationOptions>(configuration.GetSection(AlertEvaluationOptions.Section));
        services.Configure<OutboundOptions>(configuration.GetSection(OutboundOptions.Section));
        services.Configure<EmailOptions>(configuration.GetSection(EmailOptions.Section));
        services.TryAddSingleton<IHostResolver>(DnsHostResolver.Instance);
        services.TryAddSingleton<OutboundAddressGuard>();
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton<EmailSender>();
        services.AddSingleton(sp => new AlertEvaluator(sp.GetRequiredService<IOptions<AlertEvaluationOptions>>().Value));
        services.AddSingleton<AlertNotifier>();
        services.AddSingleton<AlertRuleBook>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertRuleBook>());
        services.AddHostedService<SeriesAlertRefresh>();
    }

    /// <summary>Local: grain state, audit trail and log as files under the data directory.</summary>
    private static void AddLocalStorage(this ISiloBuilder builder, StorageOptions storage)
    {
        var services = builder.Services;
        var dataPath = Path.GetFullPath(storage.DataPath);
        var grainsPath = Path.Combine(dataPath, "grains");
        services.AddSingleton<IAuditStore>(new FileAuditStore(Path.Combine(dataPath, "audit")));
        services.AddSingleton<ISegmentStore>(new FileSegmentStore(Path.Combine(dataPath, "segments")));
        services.AddSingleton<IIngestLog>(sp => new FileIngestLog(
            Path.Combine(dataPath, "wal"),
            sp.GetRequiredService<Serializer>(),
            sp.GetRequiredService<IOptions<IngestLogOptions>>(),
            sp.GetRequiredService<ILogger<FileIngestLog>>()));
        services.AddGrainStorage(TelemetryStorage.Name, (sp, _) =>
            new FileGrainStorage(grainsPath, new OrleansGrainStorageSerializer(sp.GetRequiredService<Serializer>())));
    }

    /// <summary>
    /// Azure: grain state in an Azure table (partitioned by ServiceId), the audit trail and the log in append blobs
    /// under <c>{ServiceId}/</c>; each silo's log under <c>{ServiceId}/wal/{SiloName}/</c>, replayed by the silo that
    /// starts again with that name.
    /// </summary>
    private static void AddAzureStorage(this ISiloBuilder builder, StorageOptions storage)
    {
        var services = builder.Services;
        var clients = new AzureStorageClients(storage);
        services.AddSingleton(clients);
        services.AddSingleton<IAuditStore>(sp => new AppendBlobAuditStore(clients.ContainerAsync, $"{ServiceId(sp)}/audit"));
        services.AddSingleton<ISegmentStore>(sp => new BlobSegmentStore(clients.ContainerAsync, $"{ServiceId(sp)}/segments"));
        services.AddSingleton<IIngestLog>(sp => new AppendBlobIngestLog(
            clients.ContainerAsync,
            LogPrefix(ServiceId(sp), sp.GetRequiredService<ILocalSiloDetails>().Name),
            sp.GetRequiredService<Serializer>(),
            sp.GetRequiredService<IOptions<IngestLogOptions>>(),
            sp.GetRequiredService<ILogger<AppendBlobIngestLog>>()));
        // Orleans' table storage under an inner name, wrapped so that unreachable storage answers 503.
        builder.AddAzureTableGrainStorage(AzureTableStorageName, options =>
        {
            options.TableServiceClient = clients.Tables;
            options.TableName = storage.GrainTable;
            options.DeleteStateOnClear = true;
        });
        services.AddGrainStorage(TelemetryStorage.Name, (sp, _) =>
            new UnavailableAwareGrainStorage(sp.GetRequiredKeyedService<IGrainStorage>(AzureTableStorageName)));
    }

    /// <summary>Where a silo's log lives: <c>{serviceId}/wal/{siloName}/</c>, the name made blob-safe.</summary>
    public static string LogPrefix(string serviceId, string siloName) =>
        $"{serviceId}/wal/{new string([.. siloName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')])}/";

    private static string ServiceId(IServiceProvider services) =>
        services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;
}
