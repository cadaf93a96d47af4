using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Streams;
using Telemetry.Notifications;
using Telemetry.Storage;
using Telemetry.Streams;

namespace Telemetry.Hosting;

/// <summary>
/// Live streams (issue #6): the Orleans stream provider that carries matched samples from series grains to stream
/// feeds (in-memory in Local mode, Azure queues in Azure mode, so any silo's series reach any silo's feed), the
/// per-silo definition cache, and the outbound webhook services shared with alert channels.
/// </summary>
public static class LiveStreamsHosting
{
    /// <summary>Azure queues the matches are spread over; each is read by one silo's pulling agent at a time.</summary>
    public const int AzureQueueCount = 4;

    public static ISiloBuilder AddLiveStreams(this ISiloBuilder builder, IConfiguration configuration, StorageOptions storage)
    {
        var services = builder.Services;
        services.Configure<StreamsOptions>(configuration.GetSection(StreamsOptions.Section));
        services.AddSingleton<StreamDefinitionCache>();

        // The alerting side registers the same services; TryAdd keeps one of each.
        services.AddOptions<OutboundOptions>().BindConfiguration(OutboundOptions.Section);
        services.TryAddSingleton<IHostResolver, DnsHostResolver>();
        services.TryAddSingleton<OutboundAddressGuard>();
        services.TryAddSingleton<WebhookSender>();

        var poll = configuration.GetSection(StreamsOptions.Section).Get<StreamsOptions>()?.PollInterval ?? new StreamsOptions().PollInterval;
        if (storage.IsAzure)
        {
            builder.AddAzureQueueStreams(StreamNames.Provider, configurator =>
            {
                configurator.ConfigureAzureQueue(queue => queue.Configure<IOptions<ClusterOptions>>((o, cluster) =>
                {
                    o.QueueServiceClient = new QueueServiceClient(storage.ConnectionString);
                    o.QueueNames = [.. Enumerable.Range(0, AzureQueueCount).Select(i => QueueName(cluster.Value.ServiceId, i))];
                }));
                configurator.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
                configurator.ConfigurePullingAgent(agent => agent.Configure(o => o.GetQueueMsgsTimerPeriod = poll));
            });
        }
        else
        {
            builder.AddMemoryStreams(StreamNames.Provider, configurator =>
            {
                configurator.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
                configurator.ConfigurePullingAgent(agent => agent.Configure(o => o.GetQueueMsgsTimerPeriod = poll));
            });
        }

        return builder;
    }

    /// <summary><c>{serviceId}-streams-{n}</c>, made a valid queue name (lowercase letters, digits, single hyphens).</summary>
    public static string QueueName(string serviceId, int index)
    {
        var safe = new string([.. serviceId.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        while (safe.Contains("--", StringComparison.Ordinal))
        {
            safe = safe.Replace("--", "-", StringComparison.Ordinal);
        }

        return $"{(safe.Length == 0 ? "telemetry" : safe[..Math.Min(safe.Length, 40)])}-streams-{index}";
    }
}
