using System.Net;
using System.Text.Json;
using Telemetry.Testing;
using Xunit;

namespace Telemetry.Api.Tests.Http.Alerts;

/// <summary>
/// Rules through the API, samples through ingest, notifications at real receivers: a signed webhook (HttpListener on
/// loopback) and email (a real SMTP server).
/// </summary>
[Collection(AlertingServerCollection.Name)]
public sealed class AlertingEndToEndTests(AlertingTelemetryServer server)
{
    private const string Metric = "inventory.available";

    [Fact]
    public async Task A_breach_held_for_the_duration_fires_a_signed_webhook_and_a_recovery_resolves_it()
    {
        var alerts = await NewTenantAsync();
        await using var receiver = WebhookReceiver.Answering(200);
        var rule = await alerts.CreateWebhookRuleAsync(Metric, receiver, "<", 10, new { duration = "5m", group_by = new[] { "sku", "location_id" }, recovery_threshold = 15 });
        var ruleId = rule.GetProperty("id").GetString()!;
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-30);
        var shelf = new { sku = "A-100", location_id = "berlin" };

        // 9 opens the breach (pending); 7 five minutes later on sample time fires it.
        await alerts.IngestAsync(Api.Record(Metric, 12, t0, shelf), Api.Record(Metric, 9, t0.AddMinutes(1), shelf));
        await alerts.IngestAsync(Api.Record(Metric, 7, t0.AddMinutes(6), shelf));

        var firing = AlertClient.VerifiedBody((await AlertClient.WaitForRequestsAsync(receiver, 1))[0]);
        Assert.Equal("firing", firing.GetProperty("kind").GetString());
        Assert.False(firing.GetProperty("test").GetBoolean());
        Assert.Equal(ruleId, firing.GetProperty("rule").GetProperty("id").GetString());
        Assert.Equal("critical", firing.GetProperty("rule").GetProperty("severity").GetString());
        Assert.Equal("https://runbooks.example.com/low-stock", firing.GetProperty("rule").GetProperty("runbook_url").GetString());
        var incident = firing.GetProperty("incident");
        Assert.Equal("firing", incident.GetProperty("state").GetString());
        Assert.Equal(7, incident.GetProperty("triggering_value").GetDouble());
        Assert.Equal("A-100", incident.GetProperty("group").GetProperty("sku").GetString());
        Assert.Equal("berlin", incident.GetProperty("group").GetProperty("location_id").GetString());
        Assert.Equal(t0.AddMinutes(1).ToUnixTimeSeconds(), incident.GetProperty("opened_at").GetDateTimeOffset().ToUnixTimeSeconds());

        var open = await alerts.WaitForIncidentsAsync("?state=firing", i => i.Length == 1);
        Assert.Single(open);
        Assert.Equal(incident.GetProperty("id").GetString(), open[0].GetProperty("id").GetString());

        // The incident's query reproduces the data around it.
        var query = open[0].GetProperty("query");
        var data = await server.QueryOkAsync(alerts.Key, JsonSerializer.Deserialize<Dictionary<string, object>>(query.GetRawText())!);
        var values = data.GetProperty("series")[0].GetProperty("points").EnumerateArray()
            .Where(p => p.GetProperty("v").ValueKind == JsonValueKind.Number).Select(p => p.GetProperty("v").GetDouble()).ToArray();
        Assert.Equal([12, 9, 7], values);

        // 12 is not recovered yet (hysteresis: recovery at 15); 16 is.
        await alerts.IngestAsync(Api.Record(Metric, 12, t0.AddMinutes(7), shelf));
        await alerts.IngestAsync(Api.Record(Metric, 16, t0.AddMinutes(8), shelf));
        var requests = await AlertClient.WaitForRequestsAsync(receiver, 2);
        var resolved = AlertClient.VerifiedBody(requests[1]);
        Assert.Equal("resolved", resolved.GetProperty("kind").GetString());
        Assert.Equal(16, resolved.GetProperty("incident").GetProperty("latest_value").GetDouble());
        Assert.Equal(incident.GetProperty("id").GetString(), resolved.GetProperty("incident").GetProperty("id").GetString());

        var closed = await alerts.WaitForIncidentsAsync("?state=resolved", i => i.Length == 1);
        Assert.Single(closed);
        Assert.Empty((await alerts.GetOkAsync("/incidents?state=firing")).GetProperty("incidents").EnumerateArray());

        // The history has the transitions and both deliveries.
        var history = (await alerts.GetOkAsync($"/alerts/{ruleId}/history")).GetProperty("entries").EnumerateArray().ToArray();
        Assert.Contains(history, e => e.GetProperty("kind").GetString() == "transition" && e.GetProperty("to_state").GetString() == "firing");
        Assert.Contains(history, e => e.GetProperty("kind").GetString() == "transition" && e.GetProperty("to_state").GetString() == "resolved");
        Assert.Equal(2, history.Count(e => e.GetProperty("kind").GetString() == "delivery"
            && e.GetProperty("delivery").GetProperty("outcome").GetString() == "delivered"));
        Assert.Equal(2, receiver.Requests.Count);
    }

    [Fact]
    public async Task A_coarser_group_fires_on_the_aggregate_of_its_series_latest_values()
    {
        var alerts = await NewTenantAsync();
        await using var receiver = WebhookReceiver.Answering(200);
        await alerts.CreateWebhookRuleAsync(
            Metric, receiver, ">", 10, new { group_by = new[] { "location_id" }, group_aggregation = "sum" });
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);

        // Each SKU alone is below 10; together at berlin they are 12. Another location never counts.
        await alerts.IngestAsync(
            Api.Record(Metric, 6, t0, new { sku = "A", location_id = "berlin" }),
            Api.Record(Metric, 6, t0, new { sku = "B", location_id = "berlin" }),
            Api.Record(Metric, 9, t0, new { sku = "A", location_id = "paris" }));

        var firing = AlertClient.VerifiedBody((await AlertClient.WaitForRequestsAsync(receiver, 1))[0]);
        Assert.Equal("firing", firing.GetProperty("kind").GetString());
        Assert.Equal(12, firing.GetProperty("incident").GetProperty("triggering_value").GetDouble());
        var group = firing.GetProperty("incident").GetProperty("group");
        Assert.Equal("berlin", group.GetProperty("location_id").GetString());
        Assert.False(group.TryGetProperty("sku", out _));

        // A newer, lower value of one SKU brings the sum to 7: resolved.
        await alerts.IngestAsync(Api.Record(Metric, 1, t0.AddMinutes(1), new { sku = "A", location_id = "berlin" }));
        var resolved = AlertClient.VerifiedBody((await AlertClient.WaitForRequestsAsync(receiver, 2))[1]);
        Assert.Equal("resolved", resolved.GetProperty("kind").GetString());
        Assert.Equal(7, resolved.GetProperty("incident").GetProperty("latest_value").GetDouble());
    }

    [Fact]
    public async Task Filters_limit_the_series_a_rule_watches()
    {
        var alerts = await NewTenantAsync();
        await using var receiver = WebhookReceiver.Answering(200);
        await alerts.CreateWebhookRuleAsync(Metric, receiver, "<", 10, new { filters = new { location_id = new[] { "berlin" } } });
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);

        await alerts.IngestAsync(Api.Record(Metric, 1, t0, new { sku = "A", location_id = "paris" }));
        await alerts.IngestAsync(Api.Record(Metric, 2, t0, new { sku = "A", location_id = "berlin" }));

        var firing = AlertClient.VerifiedBody((await AlertClient.WaitForRequestsAsync(receiver, 1))[0]);
        Assert.Equal("berlin", firing.GetProperty("incident").GetProperty("group").GetProperty("location_id").GetString());
        var incidents = await alerts.WaitForIncidentsAsync("", i => i.Length >= 1);
        Assert.Single(incidents);
        Assert.Single(await alerts.WaitForIncidentsAsync("?filter=location_id:berlin", i => i.Length == 1));
        Assert.Empty((await alerts.GetOkAsync("/incidents?filter=location_id:paris")).GetProperty("incidents").EnumerateArray());
    }

    [Fact]
    public async Task Email_channels_receive_the_notification_through_smtp()
    {
        var alerts = await NewTenantAsync();
        var recipient = $"ops-{Guid.NewGuid():N}@acme.test";
        await alerts.CreateAsync(new
        {
            name = "cold room too warm",
            condition = new { metric = "device.temperature", op = ">", threshold = 8 },
            severity = "warning",
            channels = new object[] { new { type = "email", target = recipient } },
        });

        await alerts.IngestAsync(Api.Record("device.temperature", 11.5, DateTimeOffset.UtcNow.AddMinutes(-1), new { device = "cold-room-1" }));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        ReceivedMail? mail = null;
        while (mail is null && DateTime.UtcNow < deadline)
        {
            mail = server.Smtp.Messages.FirstOrDefault(m => m.To.Contains(recipient));
            await Task.Delay(20);
        }

        Assert.NotNull(mail);
        Assert.Contains("Subject: [FIRING warning] cold room too warm {device=\"cold-room-1\"}", mail.Data);
        Assert.Contains("Triggering value: 11.5", mail.Data);
    }

    [Fact]
    public async Task A_failed_delivery_is_visible_in_the_incident_history()
    {
        var alerts = await NewTenantAsync();
        await using var receiver = WebhookReceiver.Answering(400);
        var rule = await alerts.CreateWebhookRuleAsync(Metric, receiver, "<", 10);
        var ruleId = rule.GetProperty("id").GetString()!;

        await alerts.IngestAsync(Api.Record(Metric, 3, DateTimeOffset.UtcNow.AddMinutes(-1), new { sku = "A" }));

        var incidents = await alerts.WaitForIncidentsAsync("", i => i.Length == 1 && i[0].GetProperty("deliveries_failed").GetInt32() == 1);
        Assert.Equal(1, incidents[0].GetProperty("deliveries_failed").GetInt32());
        var historyUrl = incidents[0].GetProperty("history_url").GetString()!;
        var history = (await alerts.GetOkAsync(historyUrl[TelemetryServer.Base.Length..])).GetProperty("entries").EnumerateArray().ToArray();
        var delivery = Assert.Single(history, e => e.GetProperty("kind").GetString() == "delivery");
        Assert.Equal("rejected", delivery.GetProperty("delivery").GetProperty("outcome").GetString());
        Assert.Equal(400, delivery.GetProperty("delivery").GetProperty("attempts")[0].GetProperty("status_code").GetInt32());
        Assert.All(history, e => Assert.Equal(incidents[0].GetProperty("id").GetString(), e.GetProperty("incident_id").GetString()));
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task A_test_notification_is_marked_as_a_test_and_signed()
    {
        var alerts = await NewTenantAsync();
        await using var receiver = WebhookReceiver.Answering(200);
        var rule = await alerts.CreateWebhookRuleAsync(Metric, receiver, "<", 10);
        var ruleId = rule.GetProperty("id").GetString()!;

        using var response = await alerts.SendAsync(HttpMethod.Post, $"/alerts/{ruleId}/test");
        var result = await Api.JsonAsync(response, HttpStatusCode.OK);

        var delivery = Assert.Single(result.GetProperty("deliveries").EnumerateArray());
        Assert.True(delivery.GetProperty("delivered").GetBoolean());
        var body = AlertClient.VerifiedBody(Assert.Single(receiver.Requests));
        Assert.True(body.GetProperty("test").GetBoolean());
        Assert.Equal("test", body.GetProperty("kind").GetString());
        var history = (await alerts.GetOkAsync($"/alerts/{ruleId}/history")).GetProperty("entries");
        Assert.Equal("test", history[0].GetProperty("kind").GetString());
        Assert.Empty((await alerts.GetOkAsync("/incidents")).GetProperty("incidents").EnumerateArray());
    }

    [Fact]
    public async Task A_changed_rule_applies_to_existing_series_without_a_new_sample()
    {
        var alerts = await NewTenantAsync();
        await using var receiver = WebhookReceiver.Answering(200);
        var rule = await alerts.CreateWebhookRuleAsync(Metric, receiver, "<", 5);
        var ruleId = rule.GetProperty("id").GetString()!;
        await alerts.IngestAsync(Api.Record(Metric, 7, DateTimeOffset.UtcNow.AddMinutes(-1), new { sku = "A" }));
        Assert.Empty((await alerts.GetOkAsync("/incidents")).GetProperty("incidents").EnumerateArray());

        using var patch = await alerts.SendAsync(HttpMethod.Patch, $"/alerts/{ruleId}", new { condition = new { threshold = 10 } });
        var patched = await Api.JsonAsync(patch, HttpStatusCode.OK);
        Assert.Equal(2, patched.GetProperty("version").GetInt32());
        Assert.Equal(10, patched.GetProperty("condition").GetProperty("threshold").GetDouble());
        Assert.Equal("<", patched.GetProperty("condition").GetProperty("op").GetString());
        Assert.True(patched.GetProperty("channels")[0].GetProperty("secret_set").GetBoolean());

        var firing = AlertClient.VerifiedBody((await AlertClient.WaitForRequestsAsync(receiver, 1))[0]);
        Assert.Equal(7, firing.GetProperty("incident").GetProperty("triggering_value").GetDouble());
        Assert.Equal(2, firing.GetProperty("rule").GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_series_that_goes_silent_fires_no_data()
    {
        var alerts = await NewTenantAsync();
        await using var receiver = WebhookReceiver.Answering(200);
        await alerts.CreateWebhookRuleAsync("scanner.heartbeat", receiver, "<", 0, new { no_data = "1s" });

        await alerts.IngestAsync(Api.Record("scanner.heartbeat", 1, DateTimeOffset.UtcNow, new { scanner = "s-17" }));

        var firing = AlertClient.VerifiedBody((await AlertClient.WaitForRequestsAsync(receiver, 1))[0]);
        Assert.Equal("no_data", firing.GetProperty("incident").GetProperty("cause").GetString());
        Assert.Equal("s-17", firing.GetProperty("incident").GetProperty("group").GetProperty("scanner").GetString());
        Assert.Equal(JsonValueKind.Null, firing.GetProperty("incident").GetProperty("triggering_value").ValueKind);

        // The scanner speaks again: resolved.
        await alerts.IngestAsync(Api.Record("scanner.heartbeat", 1, DateTimeOffset.UtcNow, new { scanner = "s-17" }));
        var resolved = AlertClient.VerifiedBody((await AlertClient.WaitForRequestsAsync(receiver, 2))[1]);
        Assert.Equal("resolved", resolved.GetProperty("kind").GetString());
    }

    private async Task<AlertClient> NewTenantAsync() =>
        new(server, await server.NewTenantAsync("ingest", "query", "admin"));
}
