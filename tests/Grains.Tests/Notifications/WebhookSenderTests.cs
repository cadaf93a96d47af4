using System.Text;
using Microsoft.Extensions.Options;
using Telemetry.Notifications;
using Telemetry.Testing;
using Xunit;

namespace Telemetry.Tests.Notifications;

public sealed class WebhookSenderTests
{
    private const string Secret = "channel-secret";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"alert_id":"low-stock","state":"firing","value":3}""");

    [Fact]
    public async Task Posts_signed_json_with_user_agent_and_delivery_id()
    {
        await using var receiver = WebhookReceiver.Answering(200);
        using var sender = Sender(AllowLoopback());

        var result = await sender.SendAsync(Message(receiver.Url, "d-1"), default);

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal(Body, request.Body);
        Assert.StartsWith("application/json", request.Headers["Content-Type"]);
        Assert.Equal(WebhookSender.UserAgent, request.Headers["User-Agent"]);
        Assert.Equal("d-1", request.Headers[WebhookSender.DeliveryIdHeader]);
        var signature = request.Headers[WebhookSignature.HeaderName];
        Assert.True(WebhookSignature.Verify(signature, request.Body, Secret, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(signature, request.Body, "another-secret", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task Server_error_then_success_takes_two_attempts_with_the_same_delivery_id()
    {
        await using var receiver = WebhookReceiver.Answering(500, 200);
        using var sender = Sender(AllowLoopback());

        var result = await sender.SendAsync(Message(receiver.Url, "d-2"), default);

        Assert.True(result.Delivered);
        Assert.Equal([500, 200], result.Attempts.Select(a => a.StatusCode));
        Assert.NotNull(result.Attempts[0].Error);
        Assert.NotNull(result.Attempts[0].NextDelay);
        Assert.Null(result.Attempts[1].NextDelay);
        Assert.Equal(["d-2", "d-2"], receiver.Requests.Select(r => r.Headers[WebhookSender.DeliveryIdHeader]));
        Assert.Equal(["1", "2"], receiver.Requests.Select(r => r.Headers[WebhookSender.AttemptHeader]));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(410)]
    public async Task Client_error_is_not_retried(int status)
    {
        await using var receiver = WebhookReceiver.Answering(status, 200);
        using var sender = Sender(AllowLoopback());

        var result = await sender.SendAsync(Message(receiver.Url), default);

        Assert.Equal(DeliveryOutcome.Rejected, result.Outcome);
        Assert.Equal(status, Assert.Single(result.Attempts).StatusCode);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task Redirect_is_not_followed_and_fails_the_delivery()
    {
        await using var receiver = WebhookReceiver.Start((index, response, _) =>
        {
            if (index == 0)
            {
                response.StatusCode = 302;
                response.RedirectLocation = "/moved";
            }

            return Task.CompletedTask;
        });
        using var sender = Sender(AllowLoopback());

        var result = await sender.SendAsync(Message(receiver.Url), default);

        Assert.Equal(DeliveryOutcome.Rejected, result.Outcome);
        var attempt = Assert.Single(result.Attempts);
        Assert.Equal(302, attempt.StatusCode);
        Assert.Contains("/moved", attempt.Error);
        Assert.Equal(["/hook"], receiver.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Timeout_is_retried()
    {
        await using var receiver = WebhookReceiver.Start(async (index, response, stopping) =>
        {
            if (index == 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(30), stopping);
            }

            response.StatusCode = 204;
        });
        // Long enough that the prompt second attempt never times out on a loaded machine.
        using var sender = Sender(AllowLoopback() with { Timeout = TimeSpan.FromSeconds(2) });

        var result = await sender.SendAsync(Message(receiver.Url), default);

        Assert.True(result.Delivered);
        Assert.Equal(2, result.Attempts.Length);
        Assert.Null(result.Attempts[0].StatusCode);
        Assert.Contains("timed out", result.Attempts[0].Error);
        Assert.Equal(204, result.Attempts[1].StatusCode);
    }

    [Fact]
    public async Task Too_many_requests_waits_as_long_as_retry_after_says()
    {
        await using var receiver = WebhookReceiver.Start((index, response, _) =>
        {
            response.StatusCode = index == 0 ? 429 : 200;
            if (index == 0)
            {
                response.Headers.Add("Retry-After", "1");
            }

            return Task.CompletedTask;
        });
        using var sender = Sender(AllowLoopback());

        var result = await sender.SendAsync(Message(receiver.Url), default);

        Assert.True(result.Delivered);
        Assert.Equal([429, 200], result.Attempts.Select(a => a.StatusCode));
        // The sender waits the delay it records (through its TimeProvider); the test pins the delay it chose,
        // not wall-clock arrival times, which jitter with the machine's load.
        Assert.Equal(TimeSpan.FromSeconds(1), result.Attempts[0].NextDelay);
    }

    [Fact]
    public async Task Retry_after_longer_than_max_backoff_gives_up()
    {
        await using var receiver = WebhookReceiver.Start((_, response, _) =>
        {
            response.StatusCode = 429;
            response.Headers.Add("Retry-After", "3600");
            return Task.CompletedTask;
        });
        using var sender = Sender(AllowLoopback());

        var result = await sender.SendAsync(Message(receiver.Url), default);

        Assert.Equal(DeliveryOutcome.GaveUp, result.Outcome);
        Assert.Contains("Retry-After", Assert.Single(result.Attempts).Error);
    }

    [Fact]
    public async Task Persistent_server_errors_give_up_after_max_attempts()
    {
        await using var receiver = WebhookReceiver.Answering(503);
        using var sender = Sender(AllowLoopback() with { MaxAttempts = 3 });

        var result = await sender.SendAsync(Message(receiver.Url), default);

        Assert.Equal(DeliveryOutcome.GaveUp, result.Outcome);
        Assert.Equal([503, 503, 503], result.Attempts.Select(a => a.StatusCode));
        Assert.Equal(3, receiver.Requests.Count);
    }

    [Fact]
    public async Task Connection_errors_are_retried()
    {
        using var sender = Sender(AllowLoopback() with { MaxAttempts = 2 });

        var result = await sender.SendAsync(Message(new Uri($"http://127.0.0.1:{WebhookReceiver.FreePort()}/hook")), default);

        Assert.Equal(DeliveryOutcome.GaveUp, result.Outcome);
        Assert.Equal(2, result.Attempts.Length);
        Assert.All(result.Attempts, a => Assert.Null(a.StatusCode));
        Assert.All(result.Attempts, a => Assert.False(string.IsNullOrEmpty(a.Error)));
    }

    [Fact]
    public async Task Loopback_target_is_refused_when_not_allowed()
    {
        await using var receiver = WebhookReceiver.Answering(200);
        using var sender = Sender(Options());

        var result = await sender.SendAsync(Message(receiver.Url), default);

        Assert.Equal(DeliveryOutcome.Refused, result.Outcome);
        Assert.Contains("loopback", Assert.Single(result.Attempts).Error);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Allowed_host_name_is_connected_to_the_address_the_guard_checked()
    {
        // hooks.test exists only in the resolver seam: delivery works only if the connect uses the checked addresses.
        await using var receiver = WebhookReceiver.AnsweringAnyHostName(200);
        var resolver = new FixedHostResolver(new() { ["hooks.test"] = ["127.0.0.1"] });
        using var sender = Sender(Options() with { AllowedHosts = ["hooks.test"] }, resolver);

        var result = await sender.SendAsync(Message(new Uri($"http://hooks.test:{receiver.Port}/hook")), default);

        Assert.True(result.Delivered, result.Attempts[^1].Error);
        Assert.StartsWith("hooks.test", Assert.Single(receiver.Requests).Headers["Host"]);
    }

    [Fact]
    public async Task Name_resolving_to_loopback_is_refused_at_connect()
    {
        await using var receiver = WebhookReceiver.Answering(200);
        var resolver = new FixedHostResolver(new() { ["rebound.test"] = ["127.0.0.1"] });
        using var sender = Sender(Options() with { AllowedHosts = ["other.test"] }, resolver);

        var result = await sender.SendAsync(Message(new Uri($"http://rebound.test:{receiver.Port}/hook")), default);

        Assert.Equal(DeliveryOutcome.Refused, result.Outcome);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Non_http_target_is_refused()
    {
        using var sender = Sender(AllowLoopback());

        var result = await sender.SendAsync(Message(new Uri("ftp://127.0.0.1/hook")), default);

        Assert.Equal(DeliveryOutcome.Refused, result.Outcome);
    }

    [Theory]
    [InlineData(1, 0.0, 100)]
    [InlineData(1, 1.0, 200)]
    [InlineData(3, 0.0, 400)]
    [InlineData(3, 1.0, 800)]
    [InlineData(20, 0.0, 5_000)]
    [InlineData(20, 1.0, 10_000)]
    public void Backoff_doubles_with_jitter_in_the_upper_half_up_to_max(int attempt, double random, int expectedMilliseconds)
    {
        var options = new OutboundOptions { InitialBackoff = TimeSpan.FromMilliseconds(200), MaxBackoff = TimeSpan.FromSeconds(10) };

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), WebhookSender.Backoff(attempt, options, random));
    }

    private static OutboundOptionsRecord Options() => new([], TimeSpan.FromSeconds(5), 3, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(2));

    private static OutboundOptionsRecord AllowLoopback() => Options() with { AllowedHosts = ["127.0.0.1"] };

    private static WebhookMessage Message(Uri target, string deliveryId = "d") => new(target, Secret, Body, deliveryId);

    private static WebhookSender Sender(OutboundOptionsRecord settings, IHostResolver? resolver = null)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new OutboundOptions
        {
            AllowedHosts = [.. settings.AllowedHosts],
            Timeout = settings.Timeout,
            MaxAttempts = settings.MaxAttempts,
            InitialBackoff = settings.InitialBackoff,
            MaxBackoff = settings.MaxBackoff,
        });
        return new WebhookSender(new OutboundAddressGuard(options, resolver ?? DnsHostResolver.Instance), options, TimeProvider.System);
    }

    /// <summary>Small backoffs keep the run short; <c>with</c> expressions keep each test's difference visible.</summary>
    private sealed record OutboundOptionsRecord(string[] AllowedHosts, TimeSpan Timeout, int MaxAttempts, TimeSpan InitialBackoff, TimeSpan MaxBackoff);
}
