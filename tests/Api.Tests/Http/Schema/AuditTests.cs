using System.Net;
using System.Text.Json;
using Xunit;

namespace Telemetry.Api.Tests.Http.Schema;

[Collection(ServerCollection.Name)]
public sealed class AuditTests(TelemetryServer server)
{
    private static string[] Actions(JsonElement page) =>
        [.. page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("action").GetString()!)];

    /// <summary>Makes one change of every kind: key create/delete, schema create/update/deprecate, settings, quotas, rule create/delete.</summary>
    private async Task<(TenantKey Admin, string RuleId, string DeletedKeyId)> ChangeEverythingAsync()
    {
        var admin = await server.NewAdminTenantAsync();
        var temporary = await server.CreateTenantKeyAsync(admin.Tenant, "query");
        using (var deleted = await server.CallAsync(HttpMethod.Delete, $"/keys/{temporary.Id}", admin))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        await server.RegisterAsync(admin, new { name = "stock", type = "gauge", unit = "units" });
        await server.OkAsync(HttpMethod.Patch, "/schema/stock", admin, new { unit = "pieces" });
        await server.OkAsync(HttpMethod.Delete, "/schema/stock", admin);
        await server.OkAsync(HttpMethod.Patch, "/settings", admin, new { schema_mode = "strict" });
        using (var quotas = await server.CallAsPlatformAsync(HttpMethod.Patch, "/quotas", admin, new { max_series_per_metric = 7 }))
        {
            Assert.Equal(HttpStatusCode.OK, quotas.StatusCode);
        }

        var rule = await server.OkAsync(HttpMethod.Post, "/dimensions/normalize", admin, new { kind = "drop", key = "noise" }, HttpStatusCode.Created);
        var ruleId = rule.GetProperty("rule").GetProperty("id").GetString()!;
        await server.OkAsync(HttpMethod.Delete, $"/dimensions/normalize/{ruleId}", admin);
        return (admin, ruleId, temporary.Id);
    }

    [Fact]
    public async Task Every_change_is_listed_oldest_first_with_actor_target_and_before_after_objects()
    {
        var (admin, ruleId, deletedKeyId) = await ChangeEverythingAsync();

        var page = await server.OkAsync(HttpMethod.Get, "/audit", admin);

        var events = page.GetProperty("events").EnumerateArray().ToArray();
        Assert.Equal(
            ["key.create", "key.create", "key.delete", "schema.create", "schema.update", "schema.deprecate", "settings.update", "quotas.update", "normalize.create", "normalize.delete"],
            Actions(page));
        Assert.Equal(Enumerable.Range(1, events.Length).Select(i => (long)i), events.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next_cursor").ValueKind);

        // Keys were created with the platform key, everything else but quotas by the tenant's admin key.
        Assert.Equal("bootstrap", events[0].GetProperty("actor").GetString());
        Assert.Equal("bootstrap", events[1].GetProperty("actor").GetString());
        Assert.All(events[2..7], e => Assert.Equal(admin.Id, e.GetProperty("actor").GetString()));
        Assert.Equal("bootstrap", events[7].GetProperty("actor").GetString());

        var keyCreated = events[1];
        Assert.Equal(deletedKeyId, keyCreated.GetProperty("target").GetString());
        Assert.Equal(JsonValueKind.Null, keyCreated.GetProperty("before").ValueKind);
        Assert.Equal(JsonValueKind.Null, keyCreated.GetProperty("after").GetProperty("key").ValueKind);
        Assert.Equal(deletedKeyId, events[2].GetProperty("before").GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, events[2].GetProperty("after").ValueKind);

        var update = events[4];
        Assert.Equal("stock", update.GetProperty("target").GetString());
        Assert.Equal("units", update.GetProperty("before").GetProperty("unit").GetString());
        Assert.Equal("pieces", update.GetProperty("after").GetProperty("unit").GetString());
        Assert.Equal(2, update.GetProperty("after").GetProperty("version").GetInt32());
        Assert.True(events[5].GetProperty("after").GetProperty("deprecated").GetBoolean());

        Assert.Equal("lenient", events[6].GetProperty("before").GetProperty("schema_mode").GetString());
        Assert.Equal("strict", events[6].GetProperty("after").GetProperty("schema_mode").GetString());
        Assert.Equal(JsonValueKind.Null, events[7].GetProperty("before").GetProperty("max_series_per_metric").ValueKind);
        Assert.Equal(7, events[7].GetProperty("after").GetProperty("max_series_per_metric").GetInt32());
        Assert.Equal(ruleId, events[8].GetProperty("target").GetString());
        Assert.Equal("drop", events[9].GetProperty("before").GetProperty("kind").GetString());
        Assert.NotEqual(default, events[0].GetProperty("at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Actor_and_action_filters_select_events_and_an_area_matches_its_actions()
    {
        var (admin, _, _) = await ChangeEverythingAsync();

        Assert.Equal(["schema.create", "schema.update", "schema.deprecate"], Actions(await server.OkAsync(HttpMethod.Get, "/audit?action=schema", admin)));
        Assert.Equal(["schema.update"], Actions(await server.OkAsync(HttpMethod.Get, "/audit?action=schema.update", admin)));
        Assert.Empty(Actions(await server.OkAsync(HttpMethod.Get, "/audit?action=sche", admin)));
        Assert.Equal(["key.create", "key.create", "quotas.update"], Actions(await server.OkAsync(HttpMethod.Get, "/audit?actor=bootstrap", admin)));
        Assert.Equal(["key.create", "key.create"], Actions(await server.OkAsync(HttpMethod.Get, "/audit?actor=bootstrap&action=key", admin)));
        Assert.Equal(["key.delete", "schema.create", "schema.update", "schema.deprecate", "settings.update", "normalize.create", "normalize.delete"],
            Actions(await server.OkAsync(HttpMethod.Get, $"/audit?actor={admin.Id}", admin)));

        var future = Api.Utc(DateTimeOffset.UtcNow.AddHours(1));
        Assert.Empty(Actions(await server.OkAsync(HttpMethod.Get, $"/audit?from={future}", admin)));
        Assert.Equal(10, Actions(await server.OkAsync(HttpMethod.Get, $"/audit?to={future}", admin)).Length);
    }

    [Fact]
    public async Task The_cursor_pages_through_the_log()
    {
        var (admin, _, _) = await ChangeEverythingAsync();

        var actions = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await server.OkAsync(HttpMethod.Get, "/audit?limit=3" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"), admin);
            var batch = Actions(page);
            Assert.True(batch.Length <= 3);
            actions.AddRange(batch);
            cursor = page.GetProperty("next_cursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(4, pages);
        Assert.Equal(Actions(await server.OkAsync(HttpMethod.Get, "/audit", admin)), actions);
    }

    [Theory]
    [InlineData("limit=0", "invalid_limit")]
    [InlineData("limit=1001", "invalid_limit")]
    [InlineData("limit=ten", "invalid_limit")]
    [InlineData("cursor=not-a-cursor", "invalid_cursor")]
    [InlineData("cursor=YXVkaXQ6eA", "invalid_cursor")]
    [InlineData("from=yesterday", "invalid_time")]
    [InlineData("to=2026-01-01T00:00:00", "invalid_time")]
    [InlineData("from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "invalid_time")]
    public async Task Bad_parameters_are_400_with_a_code(string query, string code)
    {
        var admin = await server.NewAdminTenantAsync();

        await server.ProblemAsync(HttpMethod.Get, "/audit?" + query, admin, null, HttpStatusCode.BadRequest, code);
    }

    [Theory]
    [InlineData("PUT", "/audit")]
    [InlineData("DELETE", "/audit")]
    [InlineData("POST", "/audit")]
    [InlineData("PATCH", "/audit")]
    public async Task The_log_cannot_be_changed_through_the_api(string method, string path)
    {
        var admin = await server.NewAdminTenantAsync();
        await server.RegisterAsync(admin, new { name = "stock", type = "gauge" });

        using var response = await server.CallAsync(new HttpMethod(method), path, admin, new { events = Array.Empty<object>() });
        Assert.True(response.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotFound, $"{method} {path} answered {(int)response.StatusCode}");

        using (var one = await server.CallAsync(HttpMethod.Delete, "/audit/1", admin))
        {
            Assert.True(one.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotFound, $"DELETE /audit/1 answered {(int)one.StatusCode}");
        }

        Assert.Equal(["key.create", "schema.create"], Actions(await server.OkAsync(HttpMethod.Get, "/audit", admin)));
    }

    [Fact]
    public async Task The_audit_log_needs_the_admin_scope()
    {
        var key = await server.NewTenantAsync("ingest", "query");

        await server.ProblemAsync(HttpMethod.Get, "/audit", key, null, HttpStatusCode.Forbidden, "scope_forbidden");
    }
}
