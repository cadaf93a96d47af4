using System.Net;
using Xunit;

namespace Telemetry.Api.Tests.Http.Auth;

/// <summary>401 for missing, unknown, revoked and expired keys; 403 for another tenant or a missing scope.</summary>
[Collection(ServerCollection.Name)]
public sealed class AuthTests(TelemetryServer server)
{
    private static readonly string Query = $"{TelemetryServer.Base}/query?metric=dock.temp";

    [Fact]
    public async Task No_key_is_401_with_a_bearer_challenge()
    {
        using var response = await server.SendAsync(HttpMethod.Get, Query, apiKey: null, TelemetryServer.NewTenant());

        await Api.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("not-a-key")]
    [InlineData("tk_0123456789abcdef_wrongsecretwrongsecretwrongsecretwrongsecret")]
    [InlineData("tk_ZZZZ456789abcdef_x")]
    public async Task An_unknown_key_is_401(string apiKey)
    {
        using var response = await server.SendAsync(HttpMethod.Get, Query, apiKey, TelemetryServer.NewTenant());

        await Api.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_real_key_id_with_a_wrong_secret_is_401()
    {
        var key = await server.NewTenantAsync();
        var forged = key.Key[..^4] + (key.Key.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        using var response = await server.SendAsync(HttpMethod.Get, Query, forged, key.Tenant);

        await Api.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task The_key_is_also_taken_from_X_Api_Key()
    {
        var key = await server.NewTenantAsync();

        using var response = await server.SendAsync(HttpMethod.Get, Query, apiKey: null, key.Tenant, headers: new Dictionary<string, string> { ["X-Api-Key"] = key.Key });

        await Api.JsonAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_tenant_key_without_a_tenant_acts_for_its_own_tenant()
    {
        var key = await server.NewTenantAsync();

        using var response = await server.SendAsync(HttpMethod.Get, Query, key.Key, tenant: null);

        await Api.JsonAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_bootstrap_key_needs_a_tenant()
    {
        using var response = await server.SendAsync(HttpMethod.Get, Query, TelemetryServer.BootstrapKey, tenant: null);

        await Api.ProblemAsync(response, HttpStatusCode.BadRequest, "tenant_required");
    }

    [Fact]
    public async Task An_invalid_tenant_id_is_400()
    {
        var key = await server.NewTenantAsync();

        using var response = await server.SendAsync(HttpMethod.Get, Query, key.Key, "-bad tenant");

        await Api.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_tenant");
    }

    [Fact]
    public async Task A_revoked_key_is_401()
    {
        var key = await server.NewTenantAsync();
        using (var before = await server.SendAsync(HttpMethod.Get, Query, key.Key, key.Tenant))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var delete = await server.SendAsync(HttpMethod.Delete, $"{TelemetryServer.Base}/keys/{key.Id}", TelemetryServer.BootstrapKey, key.Tenant);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);

        using var after = await server.SendAsync(HttpMethod.Get, Query, key.Key, key.Tenant);
        await Api.ProblemAsync(after, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task An_expired_key_is_401()
    {
        var tenant = TelemetryServer.NewTenant();
        using var created = await server.CreateKeyAsync(tenant, ["query"], expiresIn: "1s");
        var body = await Api.JsonAsync(created, HttpStatusCode.Created);
        var key = body.GetProperty("key").GetString()!;
        var expiresAt = body.GetProperty("expires_at").GetDateTimeOffset();
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(1));

        var wait = expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        using var response = await server.SendAsync(HttpMethod.Get, Query, key, tenant);
        await Api.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [InlineData("ingest", "GET", "/query?metric=dock.temp")]
    [InlineData("ingest", "POST", "/query")]
    [InlineData("query", "POST", "/ingest")]
    [InlineData("query", "POST", "/ingest/validate")]
    [InlineData("ingest,query", "GET", "/keys")]
    [InlineData("ingest,query", "POST", "/keys")]
    [InlineData("ingest,query", "DELETE", "/keys/0123456789abcdef")]
    [InlineData("admin", "POST", "/ingest")]
    [InlineData("admin", "GET", "/query?metric=dock.temp")]
    public async Task A_key_without_the_scope_is_403(string scopes, string method, string path)
    {
        var key = await server.NewTenantAsync(scopes.Split(','));

        using var response = await server.SendAsync(new HttpMethod(method), TelemetryServer.Base + path, key.Key, key.Tenant, Body(method, path));

        await Api.ProblemAsync(response, HttpStatusCode.Forbidden, "scope_forbidden");
    }

    [Fact]
    public async Task A_refused_ingest_stores_nothing()
    {
        var queryOnly = await server.NewTenantAsync("query");
        var t0 = Api.RecentBase();

        using var response = await server.IngestAsync(queryOnly, Api.Array(Api.Record("dock.temp", 1, t0)));

        await Api.ProblemAsync(response, HttpStatusCode.Forbidden, "scope_forbidden");
        Assert.Empty(Api.Series(await server.QueryOkAsync(queryOnly, new { metric = "dock.temp", start = Api.Utc(t0), end = Api.Utc(t0.AddMinutes(5)) })));
    }

    internal static HttpContent? Body(string method, string path) => method switch
    {
        "POST" when path.EndsWith("/keys", StringComparison.Ordinal) => Api.Json(new { name = "k", scopes = new[] { "query" } }),
        "POST" when path.Contains("/query", StringComparison.Ordinal) => Api.Json(new { metric = "dock.temp" }),
        "POST" => Api.Json(new[] { new { metric = "dock.temp", value = 1 } }),
        _ => null,
    };
}
