using System.Net;
using System.Text.Json;
using Telemetry.Notifications;
using Telemetry.Testing;
using Xunit;

namespace Telemetry.Api.Tests.Http.Alerts;

/// <summary>Calls of the alerting API for one tenant, and waiting for what receivers get.</summary>
public sealed class AlertClient(TelemetryServer server, TenantKey key)
{
    public const string Secret = "whsec_0123456789abcdef";

    public TenantKey Key => key;

    public async Task<JsonElement> CreateAsync(object rule)
    {
        using var response = await server.SendAsync(HttpMethod.Post, $"{TelemetryServer.Base}/alerts", key.Key, key.Tenant, Api.Json(rule));
        return await Api.JsonAsync(response, HttpStatusCode.Created);
    }

    /// <summary>A rule on <paramref name="metric"/> with one signed webhook channel to <paramref name="receiver"/>.</summary>
    public Task<JsonElement> CreateWebhookRuleAsync(string metric, WebhookReceiver receiver, string op, double threshold, object? extraCondition = null, object? extra = null)
    {
        var condition = Merge(new Dictionary<string, object?> { ["metric"] = metric, ["op"] = op, ["threshold"] = threshold }, extraCondition);
        var rule = Merge(
            new Dictionary<string, object?>
            {
                ["name"] = "low stock",
                ["condition"] = condition,
                ["severity"] = "critical",
                ["channels"] = new object[] { new { type = "webhook", url = receiver.Url.ToString(), secret = Secret } },
                ["runbook_url"] = "https://runbooks.example.com/low-stock",
            },
            extra);
        return CreateAsync(rule);
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null) =>
        server.SendAsync(method, TelemetryServer.Base + path, key.Key, key.Tenant, body is null ? null : Api.Json(body));

    public async Task<JsonElement> GetOkAsync(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path);
        return await Api.JsonAsync(response, HttpStatusCode.OK);
    }

    /// <summary>Ingests records (JSON lines from <see cref="Api.Record"/>) and asserts all were accepted.</summary>
    public Task IngestAsync(params string[] records) => server.IngestOkAsync(key, "[" + string.Join(",", records) + "]");

    /// <summary>Waits (up to 15 s) for the incidents matching <paramref name="query"/> to satisfy <paramref name="condition"/>.</summary>
    public async Task<JsonElement[]> WaitForIncidentsAsync(string query, Func<JsonElement[], bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var incidents = (await GetOkAsync("/incidents" + query)).GetProperty("incidents").EnumerateArray().ToArray();
            if (condition(incidents) || DateTime.UtcNow > deadline)
            {
                return incidents;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits (up to 15 s) until the receiver has <paramref name="count"/> requests; returns them all, in arrival order.</summary>
    public static async Task<ReceivedRequest[]> WaitForRequestsAsync(WebhookReceiver receiver, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (receiver.Requests.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var requests = receiver.Requests.ToArray();
        Assert.True(requests.Length >= count, $"Expected {count} webhook requests, got {requests.Length}.");
        return requests;
    }

    /// <summary>Asserts the request is signed with <see cref="Secret"/> and returns its JSON body.</summary>
    public static JsonElement VerifiedBody(ReceivedRequest request)
    {
        var header = request.Headers[WebhookSignature.HeaderName];
        Assert.True(
            WebhookSignature.Verify(header, request.Body, Secret, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)),
            $"The signature '{header}' does not verify.");
        Assert.False(WebhookSignature.Verify(header, request.Body, Secret + "x", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        return JsonDocument.Parse(request.Body).RootElement.Clone();
    }

    private static Dictionary<string, object?> Merge(Dictionary<string, object?> target, object? extra)
    {
        if (extra is not null)
        {
            foreach (var property in JsonSerializer.SerializeToElement(extra).EnumerateObject())
            {
                target[property.Name] = property.Value;
            }
        }

        return target;
    }
}
