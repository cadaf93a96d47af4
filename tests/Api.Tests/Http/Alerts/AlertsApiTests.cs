using System.Net;
using System.Text.Json;
using Telemetry.Testing;
using Xunit;

namespace Telemetry.Api.Tests.Http.Alerts;

/// <summary>The rules API: what it stores and shows, what it refuses (and that a refusal changes nothing), and who may call it.</summary>
[Collection(AlertingServerCollection.Name)]
public sealed class AlertsApiTests(AlertingTelemetryServer server)
{
    private static readonly object Webhook = new { type = "webhook", url = "https://hooks.example.com/inventory", secret = AlertClient.Secret };

    [Fact]
    public async Task A_created_rule_is_shown_with_defaults_and_without_its_secret()
    {
        var alerts = await NewTenantAsync();
        var created = await alerts.CreateAsync(new
        {
            name = "low_stock_critical",
            condition = new { metric = "inventory.available", op = "<=", threshold = 5, duration = "10m", group_by = new[] { "sku", "location_id" } },
            severity = "critical",
            channels = new object[] { Webhook, new { type = "email", target = "ops@company.com" } },
            mute_window = "PT30M",
        });

        var id = created.GetProperty("id").GetString()!;
        Assert.StartsWith("al_", id);
        Assert.Equal(1, created.GetProperty("version").GetInt32());
        var condition = created.GetProperty("condition");
        Assert.Equal("<=", condition.GetProperty("op").GetString());
        Assert.Equal("10m", condition.GetProperty("duration").GetString());
        Assert.Equal(["sku", "location_id"], condition.GetProperty("group_by").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal("30m", created.GetProperty("mute_window").GetString());
        Assert.DoesNotContain(AlertClient.Secret, created.GetRawText());
        Assert.True(created.GetProperty("channels")[0].GetProperty("secret_set").GetBoolean());
        Assert.Equal("ops@company.com", created.GetProperty("channels")[1].GetProperty("target")[0].GetString());

        var fetched = await alerts.GetOkAsync($"/alerts/{id}");
        Assert.Equal(created.GetRawText(), fetched.GetRawText());
        var list = (await alerts.GetOkAsync("/alerts")).GetProperty("alerts").EnumerateArray().ToArray();
        Assert.Equal(id, Assert.Single(list).GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("""{"name":"x","condition":{"metric":"m","op":"=<","threshold":1},"channels":[WEBHOOK]}""", "invalid_alert", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"x","condition":{"metric":"m","op":"<","threshold":"ten"},"channels":[WEBHOOK]}""", "invalid_alert", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"x","condition":{"metric":"m","op":"<"},"channels":[WEBHOOK]}""", "invalid_alert", HttpStatusCode.BadRequest)]
    [InlineData("""{"condition":{"metric":"m","op":"<","threshold":1},"channels":[WEBHOOK]}""", "invalid_alert", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"x","condition":{"metric":"m","op":"<","threshold":1}}""", "invalid_alert", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"x","condition":{"metric":"m","op":"<","threshold":1,"duration":"soon"},"channels":[WEBHOOK]}""", "invalid_alert", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"x","condition":{"metric":"m","op":"<","threshold":10,"recovery_threshold":5},"channels":[WEBHOOK]}""", "invalid_alert", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"x","condition":{"metric":"m","op":"<","threshold":1,"no_data":"0s"},"channels":[WEBHOOK]}""", "invalid_alert", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"x","condition":{"metric":"m","op":"<","threshold":1,"group_aggregation":"median"},"channels":[WEBHOOK]}""", "invalid_alert", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"x","severity":"panic","condition":{"metric":"m","op":"<","threshold":1},"channels":[WEBHOOK]}""", "invalid_alert", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"x","condition":{"metric":"m","op":"<","threshold":1},"channels":[{"type":"webhook","url":"https://h.example.com","secret":"short"}]}""", "invalid_alert", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"x","condition":{"metric":"m","op":"<","threshold":1},"channels":[{"type":"webhook","url":"ftp://h.example.com","secret":"0123456789abcdef0"}]}""", "invalid_alert", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"x","condition":{"metric":"m","op":"<","threshold":1},"channels":[{"type":"email","target":"not an address"}]}""", "invalid_alert", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"x","condition":{"metric":"m","op":"<","threshold":1},"channels":[{"type":"kafka","topic":"alerts"}]}""", "unsupported_channel", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"name":"x","condition":{"metric":"m","op":"<","threshold":1},"channels":[WEBHOOK,WEBHOOK,WEBHOOK,WEBHOOK,WEBHOOK,WEBHOOK,WEBHOOK,WEBHOOK,WEBHOOK,WEBHOOK,WEBHOOK]}""", "alert_limit", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""not json""", "invalid_json", HttpStatusCode.BadRequest)]
    public async Task An_invalid_rule_is_refused_and_nothing_is_stored(string body, string code, HttpStatusCode status)
    {
        var alerts = await NewTenantAsync();
        var json = body.Replace("WEBHOOK", JsonSerializer.Serialize(Webhook));
        using var response = await server.SendAsync(
            HttpMethod.Post, $"{TelemetryServer.Base}/alerts", alerts.Key.Key, alerts.Key.Tenant, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await Api.ProblemAsync(response, status, code);
        Assert.Empty((await alerts.GetOkAsync("/alerts")).GetProperty("alerts").EnumerateArray());
    }

    [Fact]
    public async Task A_patch_merges_into_the_rule_and_an_invalid_patch_changes_nothing()
    {
        var alerts = await NewTenantAsync();
        var created = await alerts.CreateAsync(Rule("inventory.available", 10));
        var id = created.GetProperty("id").GetString()!;

        using (var bad = await alerts.SendAsync(HttpMethod.Patch, $"/alerts/{id}", new { condition = new { op = "<>" } }))
        {
            await Api.ProblemAsync(bad, HttpStatusCode.BadRequest, "invalid_alert");
        }

        Assert.Equal(1, (await alerts.GetOkAsync($"/alerts/{id}")).GetProperty("version").GetInt32());

        using var patch = await alerts.SendAsync(HttpMethod.Patch, $"/alerts/{id}", new { name = "renamed", condition = new { duration = "2m" }, runbook_url = "https://runbooks.example.com/x" });
        var patched = await Api.JsonAsync(patch, HttpStatusCode.OK);
        Assert.Equal(2, patched.GetProperty("version").GetInt32());
        Assert.Equal("renamed", patched.GetProperty("name").GetString());
        Assert.Equal("2m", patched.GetProperty("condition").GetProperty("duration").GetString());
        Assert.Equal(10, patched.GetProperty("condition").GetProperty("threshold").GetDouble());
        Assert.Equal("https://runbooks.example.com/x", patched.GetProperty("runbook_url").GetString());
        Assert.Equal(created.GetProperty("created_at").GetString(), patched.GetProperty("created_at").GetString());

        // null removes an optional field (merge patch).
        using var clear = await alerts.SendAsync(HttpMethod.Patch, $"/alerts/{id}", new Dictionary<string, object?> { ["runbook_url"] = null });
        Assert.Equal(JsonValueKind.Null, (await Api.JsonAsync(clear, HttpStatusCode.OK)).GetProperty("runbook_url").ValueKind);
    }

    [Fact]
    public async Task A_deleted_rule_is_gone_with_its_incidents()
    {
        var alerts = await NewTenantAsync();
        await using var receiver = WebhookReceiver.Answering(200);
        var rule = await alerts.CreateWebhookRuleAsync("inventory.available", receiver, "<", 10);
        var id = rule.GetProperty("id").GetString()!;
        await alerts.IngestAsync(Api.Record("inventory.available", 1, DateTimeOffset.UtcNow.AddMinutes(-1), new { sku = "A" }));
        await alerts.WaitForIncidentsAsync("", i => i.Length == 1);

        using (var delete = await alerts.SendAsync(HttpMethod.Delete, $"/alerts/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        using (var get = await alerts.SendAsync(HttpMethod.Get, $"/alerts/{id}"))
        {
            await Api.ProblemAsync(get, HttpStatusCode.NotFound, "alert_not_found");
        }

        using (var again = await alerts.SendAsync(HttpMethod.Delete, $"/alerts/{id}"))
        {
            await Api.ProblemAsync(again, HttpStatusCode.NotFound, "alert_not_found");
        }

        Assert.Empty((await alerts.GetOkAsync("/incidents")).GetProperty("incidents").EnumerateArray());
        var audit = (await alerts.GetOkAsync("/audit?action=alert")).GetProperty("events").EnumerateArray().Select(e => e.GetProperty("action").GetString());
        Assert.Equal(["alert.create", "alert.delete"], audit);
    }

    [Fact]
    public async Task A_tenant_has_at_most_the_configured_number_of_rules()
    {
        var alerts = await NewTenantAsync();
        for (var i = 0; i < AlertingTelemetryServer.MaxRules; i++)
        {
            await alerts.CreateAsync(Rule($"m{i}", 1));
        }

        using var response = await alerts.SendAsync(HttpMethod.Post, "/alerts", Rule("one.too.many", 1));
        await Api.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "alert_limit");
        Assert.Equal(AlertingTelemetryServer.MaxRules, (await alerts.GetOkAsync("/alerts")).GetProperty("alerts").GetArrayLength());
    }

    [Fact]
    public async Task Rules_are_the_tenants_own_and_changing_them_needs_the_admin_scope()
    {
        var owner = await NewTenantAsync();
        var created = await owner.CreateAsync(Rule("inventory.available", 10));
        var id = created.GetProperty("id").GetString()!;

        var other = await NewTenantAsync();
        using (var get = await other.SendAsync(HttpMethod.Get, $"/alerts/{id}"))
        {
            await Api.ProblemAsync(get, HttpStatusCode.NotFound, "alert_not_found");
        }

        using (var delete = await other.SendAsync(HttpMethod.Delete, $"/alerts/{id}"))
        {
            await Api.ProblemAsync(delete, HttpStatusCode.NotFound, "alert_not_found");
        }

        Assert.Empty((await other.GetOkAsync("/alerts")).GetProperty("alerts").EnumerateArray());

        var reader = new AlertClient(server, await server.CreateTenantKeyAsync(owner.Key.Tenant, "query"));
        Assert.Single((await reader.GetOkAsync("/alerts")).GetProperty("alerts").EnumerateArray());
        using var create = await reader.SendAsync(HttpMethod.Post, "/alerts", Rule("x", 1));
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
    }

    [Theory]
    [InlineData("?state=broken", "invalid_state")]
    [InlineData("?filter=nocolon", "invalid_filter")]
    [InlineData("?start=yesterday", "invalid_time")]
    [InlineData("?limit=0", "invalid_limit")]
    [InlineData("?cursor=bogus", "invalid_cursor")]
    public async Task Bad_incident_queries_are_refused(string query, string code)
    {
        var alerts = await NewTenantAsync();
        using var response = await alerts.SendAsync(HttpMethod.Get, "/incidents" + query);
        await Api.ProblemAsync(response, HttpStatusCode.BadRequest, code);
    }

    private static object Rule(string metric, double threshold) => new
    {
        name = "rule on " + metric,
        condition = new { metric, op = "<", threshold },
        channels = new[] { Webhook },
    };

    private async Task<AlertClient> NewTenantAsync() =>
        new(server, await server.NewTenantAsync("ingest", "query", "admin"));
}
