using System.Collections.Immutable;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Telemetry.Notifications;

namespace Telemetry.Streams;

/// <summary>
/// Webhook streams: each event is posted, in order, one at a time, through the shared <see cref="WebhookSender"/>
/// (signed, address-guarded and retried exactly like alert webhooks). Events wait in a queue of
/// <see cref="StreamsOptions.WebhookQueueSize"/>; when a receiver falls that far behind the oldest are dropped and
/// counted, so a slow receiver never holds up ingest or the stream's other subscribers.
/// </summary>
public sealed partial class StreamFeedGrain
{
    private Channel<StreamEvent>? _webhookQueue;
    private CancellationTokenSource? _webhookStopping;
    private long _webhooksDelivered;
    private long _webhooksFailed;
    private long _webhooksDropped;
    private string? _lastWebhookError;

    private void QueueWebhooks(ImmutableArray<StreamEvent> events)
    {
        if (_webhookQueue is null)
        {
            _webhookQueue = Channel.CreateBounded<StreamEvent>(
                new BoundedChannelOptions(Math.Max(1, options.Value.WebhookQueueSize)) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
                _ => Interlocked.Increment(ref _webhooksDropped));
            _webhookStopping = new CancellationTokenSource();
            // Started in the grain's context: its continuations run as turns of this activation.
            _ = DeliverWebhooksAsync(_webhookQueue.Reader, ServiceProvider.GetRequiredService<WebhookSender>(), _webhookStopping.Token);
        }

        foreach (var e in events)
        {
            _webhookQueue.Writer.TryWrite(e);
        }
    }

    private async Task DeliverWebhooksAsync(ChannelReader<StreamEvent> queue, WebhookSender sender, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in queue.ReadAllAsync(cancellationToken))
            {
                var definition = (await definitions.GetAsync(_tenantId)).ById.GetValueOrDefault(_streamId);
                if (definition?.Spec.Webhook is not { } webhook || !Uri.TryCreate(webhook.Url, UriKind.Absolute, out var target))
                {
                    continue;
                }

                var message = new WebhookMessage(target, webhook.Secret, StreamEventJson.ToUtf8(e), $"{_streamId}-{e.Id.ToString(CultureInfo.InvariantCulture)}");
                var result = await sender.SendAsync(message, cancellationToken);
                if (result.Outcome == DeliveryOutcome.Delivered)
                {
                    _webhooksDelivered++;
                }
                else
                {
                    _webhooksFailed++;
                    _lastWebhookError = $"{result.Outcome}: {result.Attempts.LastOrDefault()?.Error}";
                    logger.LogWarning("Webhook delivery {Delivery} of stream {Stream} ended {Outcome}.", message.DeliveryId, _key, result.Outcome);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Deactivating or deleted.
        }
    }

    private void StopWebhooks()
    {
        _webhookQueue?.Writer.TryComplete();
        _webhookStopping?.Cancel();
        _webhookStopping?.Dispose();
        _webhookStopping = null;
        _webhookQueue = null;
    }
}
