using MailKit;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Telemetry.Notifications;

/// <summary>
/// Hands notification emails to the configured SMTP server (MailKit). One attempt per send: the SMTP server
/// queues and retries on its own; a failure is returned as a <see cref="DeliveryResult"/> for the incident history.
/// </summary>
public sealed class EmailSender(IOptions<EmailOptions> options, TimeProvider time)
{
    private readonly EmailOptions _options = options.Value;

    public async Task<DeliveryResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var target = $"smtp://{_options.Host}:{_options.Port}";
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        DeliveryResult Result(DeliveryOutcome outcome, int? status, string? error) =>
            new(message.DeliveryId, target, outcome, [new DeliveryAttempt(1, startedAt, time.GetElapsedTime(started), status, error, null)]);

        var mime = new MimeMessage { Subject = message.Subject, Body = new TextPart("plain") { Text = message.TextBody } };
        mime.From.Add(MailboxAddress.Parse(_options.From));
        foreach (var to in message.To)
        {
            mime.To.Add(MailboxAddress.Parse(to));
        }

        mime.Headers.Add(WebhookSender.DeliveryIdHeader, message.DeliveryId);

        using var timeout = new CancellationTokenSource(_options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var client = new SmtpClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(_options.Host, _options.Port, _options.Security, linked.Token);
            if (!string.IsNullOrEmpty(_options.Username))
            {
                await client.AuthenticateAsync(_options.Username, _options.Password ?? "", linked.Token);
            }

            await client.SendAsync(mime, linked.Token);
            await client.DisconnectAsync(quit: true, linked.Token);
            return Result(DeliveryOutcome.Delivered, 250, null);
        }
        catch (SmtpCommandException e)
        {
            // 5xx: the server refused the message for good; 4xx: temporarily.
            var status = (int)e.StatusCode;
            return Result(status >= 500 ? DeliveryOutcome.Rejected : DeliveryOutcome.GaveUp, status, $"SMTP {status}: {e.Message}");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Result(DeliveryOutcome.GaveUp, null, $"timed out after {_options.Timeout}");
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or SmtpProtocolException or ServiceNotConnectedException or MailKit.Security.AuthenticationException)
        {
            return Result(DeliveryOutcome.GaveUp, null, e.Message);
        }
    }
}
