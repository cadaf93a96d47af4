using System.Net;
using System.Text.Json;
using Telemetry.Notifications;
using Telemetry.Testing;
using Xunit;

namespace Telemetry.Api.Tests.Http.Streams;

[Collection(StreamsServerCollection.Name)]
public sealed class WebhookStreamTests(StreamsServer server)
{
    [Fact]
    public async Task A_webhook_stream_posts_each_matching_event_signed_with_its_secret()
    {
        await using var receiver = WebhookReceiver.Answering(200);
        var key = await server.NewTenantAsync();
        const string secret = "stream-webhook-secret-0123456789";
        var stream = await server.CreateLowStockStreamAsync(key, transport: "webhook", delivery: new { url = receiver.Url.ToString(), secret });
        Assert.Equal(secret, stream.GetProperty("delivery").GetProperty("secret").GetString());

        await server.IngestOnHandAsync(key, "loc_1", ("SKU-HOOK", 2), ("SKU-FINE", 200));

        var request = await WaitForRequestAsync(receiver, 1);
        Assert.Equal("POST", request.Method);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(stream.GetProperty("id").GetString(), body.GetProperty("stream_id").GetString());
        Assert.Equal("SKU-HOOK", body.GetProperty("dimensions").GetProperty("sku").GetString());
        Assert.Equal(2, body.GetProperty("value").GetDouble());
        Assert.True(WebhookSignature.Verify(request.Headers[WebhookSignature.HeaderName]!, request.Body, secret, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.Equal($"{stream.GetProperty("id").GetString()}-{body.GetProperty("id").GetString()}", request.Headers[WebhookSender.DeliveryIdHeader]);
        Assert.Equal(WebhookSender.UserAgent, request.Headers["User-Agent"]);
    }

    [Fact]
    public async Task A_generated_secret_is_shown_once_and_test_events_are_delivered()
    {
        await using var receiver = WebhookReceiver.Answering(200);
        var key = await server.NewTenantAsync();
        var stream = await server.CreateLowStockStreamAsync(key, transport: "webhook", delivery: new { url = receiver.Url.ToString() });
        var id = stream.GetProperty("id").GetString()!;
        var secret = stream.GetProperty("delivery").GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret);

        using (var get = await server.SendAsync(HttpMethod.Get, $"{TelemetryServer.Base}/streams/{id}", key.Key, key.Tenant))
        {
            var body = await Api.JsonAsync(get, HttpStatusCode.OK);
            Assert.Equal(JsonValueKind.Null, body.GetProperty("delivery").GetProperty("secret").ValueKind);
        }

        using var test = await server.SendAsync(HttpMethod.Post, $"{TelemetryServer.Base}/streams/{id}/test", key.Key, key.Tenant);
        await Api.JsonAsync(test, HttpStatusCode.Accepted);
        var request = await WaitForRequestAsync(receiver, 1);
        var delivered = JsonDocument.Parse(request.Body).RootElement;
        Assert.True(delivered.GetProperty("test").GetBoolean());
        Assert.True(WebhookSignature.Verify(request.Headers[WebhookSignature.HeaderName]!, request.Body, secret, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task A_webhook_to_a_private_address_is_refused_by_the_guard_and_counted()
    {
        // 10.255.255.1 is private and not in AllowedHosts: the guard refuses it without making a request.
        var key = await server.NewTenantAsync();
        var stream = await server.CreateLowStockStreamAsync(key, transport: "webhook", delivery: new { url = "http://10.255.255.1/hook" });
        var id = stream.GetProperty("id").GetString()!;
        using var test = await server.SendAsync(HttpMethod.Post, $"{TelemetryServer.Base}/streams/{id}/test", key.Key, key.Tenant);
        await Api.JsonAsync(test, HttpStatusCode.Accepted);

        for (var i = 0; i < 300; i++)
        {
            using var get = await server.SendAsync(HttpMethod.Get, $"{TelemetryServer.Base}/streams/{id}", key.Key, key.Tenant);
            var stats = (await Api.JsonAsync(get, HttpStatusCode.OK)).GetProperty("stats");
            if (stats.GetProperty("webhooks_failed").GetInt64() == 1)
            {
                Assert.StartsWith("Refused", stats.GetProperty("last_webhook_error").GetString());
                Assert.Equal(0, stats.GetProperty("webhooks_delivered").GetInt64());
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The refused delivery was not counted.");
    }

    private static async Task<ReceivedRequest> WaitForRequestAsync(WebhookReceiver receiver, int count)
    {
        for (var i = 0; i < 300 && receiver.Requests.Count < count; i++)
        {
            await Task.Delay(100);
        }

        Assert.True(receiver.Requests.Count >= count, $"The receiver got {receiver.Requests.Count} requests, expected {count}.");
        return receiver.Requests.ToArray()[count - 1];
    }
}
