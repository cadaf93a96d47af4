using MailKit.Security;
using Microsoft.Extensions.Options;
using Telemetry.Notifications;
using Telemetry.Testing;
using Xunit;

namespace Telemetry.Tests.Notifications;

public sealed class EmailSenderTests
{
    [Fact]
    public async Task Sends_the_message_to_the_configured_smtp_server()
    {
        await using var smtp = await SmtpReceiver.StartAsync();
        var sender = Sender(smtp.Port);

        var result = await sender.SendAsync(
            new EmailMessage(["ops@example.com"], "[FIRING] low stock SKU-1 @ DC-7", "on_hand 3 < 5", "d-mail-1"), default);

        Assert.True(result.Delivered, result.Attempts[0].Error);
        await smtp.WaitForAsync(1);
        var mail = Assert.Single(smtp.Messages);
        Assert.Equal("alerts@telemetry.test", mail.From);
        Assert.Equal(["ops@example.com"], mail.To);
        Assert.Contains("Subject: [FIRING] low stock SKU-1 @ DC-7", mail.Data);
        Assert.Contains("on_hand 3 < 5", mail.Data);
        Assert.Contains("X-Telemetry-Delivery-Id: d-mail-1", mail.Data);
    }

    [Fact]
    public async Task A_refused_recipient_is_a_rejected_delivery_with_the_smtp_status()
    {
        await using var smtp = await SmtpReceiver.StartAsync();
        var sender = Sender(smtp.Port);

        var result = await sender.SendAsync(new EmailMessage(["refuse@example.com"], "s", "b", "d-mail-2"), default);

        Assert.Equal(DeliveryOutcome.Rejected, result.Outcome);
        Assert.Equal(550, Assert.Single(result.Attempts).StatusCode);
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task An_unreachable_server_is_a_failed_delivery_not_an_exception()
    {
        var sender = Sender(WebhookReceiver.FreePort());

        var result = await sender.SendAsync(new EmailMessage(["ops@example.com"], "s", "b", "d-mail-3"), default);

        Assert.Equal(DeliveryOutcome.GaveUp, result.Outcome);
        Assert.False(string.IsNullOrEmpty(Assert.Single(result.Attempts).Error));
    }

    private static EmailSender Sender(int port) => new(
        Options.Create(new EmailOptions { Host = "127.0.0.1", Port = port, Security = SecureSocketOptions.None, From = "alerts@telemetry.test" }),
        TimeProvider.System);
}
