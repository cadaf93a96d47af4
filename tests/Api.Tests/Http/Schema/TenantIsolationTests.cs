using System.Net;
using Xunit;

namespace Telemetry.Api.Tests.Http.Schema;

[Collection(ServerCollection.Name)]
public sealed class TenantIsolationTests(TelemetryServer server)
{
    [Fact]
    public async Task Another_tenant_sees_none_of_a_tenants_schema_rules_audit_dimensions_or_settings()
    {
        var a = await server.NewAdminTenantAsync();
        var b = await server.NewAdminTenantAsync();
        await server.RegisterAsync(a, new { name = "stock", type = "gauge", dimensions = new[] { "sku" } });
        await server.IngestOkAsync(a, Api.Array(Api.Record("stock", 1, DateTimeOffset.UtcNow.AddMinutes(-1), new { sku = "x" })));
        await server.OkAsync(HttpMethod.Post, "/dimensions/normalize", a, new { kind = "drop", key = "noise" }, HttpStatusCode.Created);
        await server.OkAsync(HttpMethod.Patch, "/settings", a, new { schema_mode = "strict" });

        Assert.Empty((await server.OkAsync(HttpMethod.Get, "/schema", b)).GetProperty("metrics").EnumerateArray());
        await server.ProblemAsync(HttpMethod.Get, "/schema/stock", b, null, HttpStatusCode.NotFound, "metric_not_found");
        await server.ProblemAsync(HttpMethod.Patch, "/schema/stock", b, new { unit = "x" }, HttpStatusCode.NotFound, "metric_not_found");
        await server.ProblemAsync(HttpMethod.Delete, "/schema/stock", b, null, HttpStatusCode.NotFound, "metric_not_found");
        Assert.Empty((await server.OkAsync(HttpMethod.Get, "/dimensions/normalize", b)).GetProperty("rules").EnumerateArray());
        Assert.Empty((await server.OkAsync(HttpMethod.Get, "/dimensions", b)).GetProperty("metrics").EnumerateArray());
        Assert.Empty((await server.OkAsync(HttpMethod.Get, "/diagnostics", b)).GetProperty("cardinality").GetProperty("hot_spots").EnumerateArray());
        Assert.Equal(["key.create"], (await server.OkAsync(HttpMethod.Get, "/audit", b)).GetProperty("events").EnumerateArray().Select(e => e.GetProperty("action").GetString()!).ToArray());
        Assert.Equal("lenient", (await server.OkAsync(HttpMethod.Get, "/settings", b)).GetProperty("schema_mode").GetString());
        Assert.Equal(0, (await server.OkAsync(HttpMethod.Get, "/quotas", b)).GetProperty("series_count").GetInt64());

        // B's samples of a same-named metric are B's own: lenient, observed, unaffected by A's rules.
        await server.IngestOkAsync(b, Api.Array(Api.Record("stock", 1, DateTimeOffset.UtcNow.AddMinutes(-1), new { noise = "n" })));
        Assert.Equal("observed", (await server.OkAsync(HttpMethod.Get, "/schema/stock", b)).GetProperty("origin").GetString());
    }

    [Theory]
    [InlineData("GET", "/schema")]
    [InlineData("POST", "/schema")]
    [InlineData("GET", "/audit")]
    [InlineData("GET", "/dimensions/normalize")]
    [InlineData("PATCH", "/settings")]
    [InlineData("GET", "/diagnostics")]
    public async Task A_key_cannot_act_for_another_tenant(string method, string path)
    {
        var a = await server.NewAdminTenantAsync();
        var b = await server.NewAdminTenantAsync();

        await server.ProblemAsync(new HttpMethod(method), path, a with { Tenant = b.Tenant }, new { }, HttpStatusCode.Forbidden, "tenant_forbidden");
    }
}
