using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telemetry.Notifications;

namespace Telemetry.Alerts;

/// <summary>
/// Each silo's sender of alert notifications. An evaluator hands over what an evaluation changed and goes on at
/// once: the state changes go to the rule's <see cref="IAlertHistoryGrain"/>, each notification to every channel of
/// the rule (at most <c>DeliveryConcurrency</c> deliveries at a time), and how each delivery ended to the history too.
/// </summary>
/// <remarks>
/// The evaluator persists its state before it publishes, so a crash in between loses the notification rather than
/// sending it twice after the restart (at most once); webhook receivers can also drop duplicates by
/// <c>X-Telemetry-Delivery-Id</c>.
/// </remarks>
public sealed class AlertNotifier(
    IGrainFactory grains,
    WebhookSender webhooks,
    EmailSender emails,
    IOptions<AlertEvaluationOptions> options,
    TimeProvider time,
    ILogger<AlertNotifier> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _deliveries = new(Math.Max(1, options.Value.DeliveryConcurrency));
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Records an evaluation's changes and sends its notifications, without waiting for either.</summary>
    public void Publish(string tenantId, AlertDefinition definition, AlertEvaluation evaluation)
    {
        var history = grains.GetGrain<IAlertHistoryGrain>(AlertKeys.ForRule(tenantId, definition.Rule.Id));
        var report = new AlertReport(definition.Rule.Id, definition.Rule.Version, evaluation.State.Group, evaluation.State.Incident, evaluation.Transitions);
        Track(() => RecordAsync(history, report));
        foreach (var notification in evaluation.Notifications)
        {
            foreach (var channel in definition.Channels)
            {
                Track(() => DeliverAsync(history, definition, notification, channel));
            }
        }
    }

    /// <summary>Sends a test notification to every channel of the rule and returns how each delivery ended.</summary>
    public async Task<ImmutableArray<DeliveryReport>> SendTestAsync(AlertDefinition definition, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var deliveryId = $"test_{definition.Rule.Id}_{now.UtcTicks}";
        var sends = definition.Channels.Select(async channel =>
        {
            var result = channel.Type == AlertChannelType.Webhook
                ? await webhooks.SendAsync(new WebhookMessage(new Uri(channel.Url!), channel.Secret!, AlertMessages.TestWebhookBody(definition, now), deliveryId), cancellationToken)
                : await SendTestEmailAsync(definition, channel, deliveryId, cancellationToken);
            return new DeliveryReport(null, null, null, channel, result, time.GetUtcNow(), Test: true);
        });
        return [.. await Task.WhenAll(sends)];
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_running.Keys).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            // Deliveries still retrying when the silo stops are dropped; their incidents stay as they are.
        }

        _stopping.Dispose();
        _deliveries.Dispose();
    }

    private Task<DeliveryResult> SendTestEmailAsync(AlertDefinition definition, AlertChannel channel, string deliveryId, CancellationToken cancellationToken)
    {
        var (subject, text) = AlertMessages.TestEmail(definition);
        return emails.SendAsync(new EmailMessage([.. channel.To], subject, text, deliveryId), cancellationToken);
    }

    private async Task RecordAsync(IAlertHistoryGrain history, AlertReport report)
    {
        try
        {
            await history.RecordAsync(report);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not record {Count} transitions of alert {Rule}.", report.Transitions.Length, report.RuleId);
        }
    }

    private async Task DeliverAsync(IAlertHistoryGrain history, AlertDefinition definition, AlertNotification notification, AlertChannel channel)
    {
        var incidentId = AlertKeys.IncidentId(notification.Incident);

        // One id per notification (incident, kind, time), the same for every attempt and channel.
        var deliveryId = $"{incidentId}_{notification.Kind.ToString().ToLowerInvariant()}_{notification.At.UtcTicks}";
        await _deliveries.WaitAsync(_stopping.Token);
        DeliveryResult result;
        try
        {
            if (channel.Type == AlertChannelType.Webhook)
            {
                var body = AlertMessages.WebhookBody(definition, notification, incidentId);
                result = await webhooks.SendAsync(new WebhookMessage(new Uri(channel.Url!), channel.Secret!, body, deliveryId), _stopping.Token);
            }
            else
            {
                var (subject, text) = AlertMessages.Email(definition, notification, incidentId);
                result = await emails.SendAsync(new EmailMessage([.. channel.To], subject, text, deliveryId), _stopping.Token);
            }
        }
        finally
        {
            _deliveries.Release();
        }

        if (!result.Delivered)
        {
            logger.LogWarning("Alert {Rule} could not notify {Channel}: {Outcome}.", definition.Rule.Id, channel.Describe(), result.Outcome);
        }

        try
        {
            await history.RecordDeliveryAsync(new DeliveryReport(incidentId, notification.Incident.Group, notification.Kind, channel, result, time.GetUtcNow()));
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not record a delivery of alert {Rule}.", definition.Rule.Id);
        }
    }

    /// <summary>Runs <paramref name="work"/> on the thread pool, outside the calling grain's scheduler, so it goes on after the grain's turn.</summary>
    private void Track(Func<Task> work)
    {
        var task = Task.Run(work);
        _running.TryAdd(task, 0);
        _ = task.ContinueWith(
            done =>
            {
                _running.TryRemove(done, out _);
                if (done.Exception is { } exception && !_stopping.IsCancellationRequested)
                {
                    logger.LogWarning(exception, "An alert notification task failed.");
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
