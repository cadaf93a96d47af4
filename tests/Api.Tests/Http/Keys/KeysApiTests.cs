using System.Net;
using Xunit;

namespace Telemetry.Api.Tests.Http.Keys;

[Collection(ServerCollection.Name)]
public sealed class KeysApiTests(TelemetryServer server)
{
    [Fact]
    public async Task Create_returns_201_with_the_plaintext_once()
    {
        var tenant = TelemetryServer.NewTenant();
        var before = DateTimeOffset.UtcNow;

        using var response = await server.CreateKeyAsync(tenant, ["ingest", "query"], expiresIn: "90d", name: "wms-east");

        var key = await Api.JsonAsync(response, HttpStatusCode.Created);
        var id = key.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9a-f]{16}$", id);
        Assert.StartsWith($"tk_{id}_", key.GetProperty("key").GetString());
        Assert.Equal(tenant, key.GetProperty("tenant_id").GetString());
        Assert.Equal("wms-east", key.GetProperty("name").GetString());
        Assert.Equal(["ingest", "query"], key.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!).ToArray());
        Assert.InRange(key.GetProperty("expires_at").GetDateTimeOffset(), before.AddDays(90), DateTimeOffset.UtcNow.AddDays(90));
        Assert.EndsWith($"/keys/{id}", response.Headers.Location!.ToString());

        // The new key works at once, for its tenant.
        using var query = await server.SendAsync(HttpMethod.Get, $"{TelemetryServer.Base}/query?metric=m", key.GetProperty("key").GetString(), tenant);
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
    }

    [Fact]
    public async Task A_key_without_expires_in_never_expires()
    {
        using var response = await server.CreateKeyAsync(TelemetryServer.NewTenant(), ["query"]);

        var key = await Api.JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, key.GetProperty("expires_at").ValueKind);
    }

    [Fact]
    public async Task List_shows_every_key_of_the_tenant_without_its_plaintext()
    {
        var tenant = TelemetryServer.NewTenant();
        var first = await server.CreateTenantKeyAsync(tenant, "admin");
        var second = await server.CreateTenantKeyAsync(tenant, "ingest");

        using var response = await server.SendAsync(HttpMethod.Get, $"{TelemetryServer.Base}/keys", first.Key, tenant);

        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(first.Key, text);
        Assert.DoesNotContain(second.Key, text);
        var keys = (await Api.JsonAsync(response, HttpStatusCode.OK)).GetProperty("keys").EnumerateArray().ToArray();
        Assert.Equal([first.Id, second.Id], keys.Select(k => k.GetProperty("id").GetString()!).ToArray());
        Assert.All(keys, k => Assert.True(!k.TryGetProperty("key", out var plain) || plain.ValueKind == System.Text.Json.JsonValueKind.Null));
        Assert.All(keys, k => Assert.Equal(tenant, k.GetProperty("tenant_id").GetString()));
        Assert.Equal(["admin"], keys[0].GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!).ToArray());
        Assert.Equal(["ingest"], keys[1].GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!).ToArray());
    }

    [Fact]
    public async Task A_tenant_admin_key_creates_and_revokes_keys_of_its_tenant()
    {
        var admin = await server.NewTenantAsync("admin");

        using var created = await server.SendAsync(HttpMethod.Post, $"{TelemetryServer.Base}/keys", admin.Key, admin.Tenant,
            Api.Json(new { name = "child", scopes = new[] { "query" } }));
        var child = await Api.JsonAsync(created, HttpStatusCode.Created);
        Assert.Equal(admin.Tenant, child.GetProperty("tenant_id").GetString());

        using var deleted = await server.SendAsync(HttpMethod.Delete, $"{TelemetryServer.Base}/keys/{child.GetProperty("id").GetString()}", admin.Key, admin.Tenant);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        using var again = await server.SendAsync(HttpMethod.Delete, $"{TelemetryServer.Base}/keys/{child.GetProperty("id").GetString()}", admin.Key, admin.Tenant);
        await Api.ProblemAsync(again, HttpStatusCode.NotFound, "key_not_found");
    }

    [Theory]
    [InlineData("""{"scopes":["query"]}""", "invalid_key")]
    [InlineData("""{"name":"k","scopes":[]}""", "invalid_scope")]
    [InlineData("""{"name":"k","scopes":["root"]}""", "invalid_scope")]
    [InlineData("""{"name":"k","scopes":["query"],"expires_in":"soon"}""", "invalid_expiry")]
    [InlineData("""{"name":"k","scopes":["query"],"expires_in":"-1d"}""", "invalid_expiry")]
    [InlineData("""{"name":""", "invalid_json")]
    public async Task A_bad_create_request_is_400(string body, string code)
    {
        using var response = await server.SendAsync(HttpMethod.Post, $"{TelemetryServer.Base}/keys", TelemetryServer.BootstrapKey, TelemetryServer.NewTenant(),
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await Api.ProblemAsync(response, HttpStatusCode.BadRequest, code);
    }
}
