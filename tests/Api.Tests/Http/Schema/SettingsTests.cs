using System.Net;
using Xunit;

namespace Telemetry.Api.Tests.Http.Schema;

[Collection(ServerCollection.Name)]
public sealed class SettingsTests(TelemetryServer server)
{
    private readonly DateTimeOffset _at = DateTimeOffset.UtcNow.AddMinutes(-1);

    [Fact]
    public async Task A_tenant_starts_lenient_and_patch_switches_it_to_strict()
    {
        var key = await server.NewAdminTenantAsync();

        Assert.Equal("lenient", (await server.OkAsync(HttpMethod.Get, "/settings", key)).GetProperty("schema_mode").GetString());
        Assert.Equal("strict", (await server.OkAsync(HttpMethod.Patch, "/settings", key, new { schema_mode = "strict" })).GetProperty("schema_mode").GetString());
        Assert.Equal("strict", (await server.OkAsync(HttpMethod.Get, "/settings", key)).GetProperty("schema_mode").GetString());
    }

    [Theory]
    [InlineData("""{"schema_mode":"relaxed"}""")]
    [InlineData("""{"schema_mode":null}""")]
    [InlineData("""{}""")]
    public async Task An_invalid_mode_is_400_invalid_settings(string body)
    {
        var key = await server.NewAdminTenantAsync();
        using var response = await server.SendAsync(HttpMethod.Patch, TelemetryServer.Base + "/settings", key.Key, key.Tenant,
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await Api.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_settings");
    }

    [Fact]
    public async Task Settings_need_the_admin_scope()
    {
        var key = await server.NewTenantAsync("ingest", "query");

        await server.ProblemAsync(HttpMethod.Get, "/settings", key, null, HttpStatusCode.Forbidden, "scope_forbidden");
        await server.ProblemAsync(HttpMethod.Patch, "/settings", key, new { schema_mode = "strict" }, HttpStatusCode.Forbidden, "scope_forbidden");
    }

    [Fact]
    public async Task Strict_mode_refuses_unknown_metrics_and_undeclared_dimensions_per_record()
    {
        var key = await server.NewAdminTenantAsync();
        await server.RegisterAsync(key, new { name = "stock", type = "gauge", dimensions = new[] { "location_id" } });
        await server.OkAsync(HttpMethod.Patch, "/settings", key, new { schema_mode = "strict" });

        var codes = await server.IngestCodesAsync(key,
            Api.Record("stock", 1, _at, new { location_id = "w1" }),
            Api.Record("unknown.metric", 1, _at),
            Api.Record("stock", 1, _at, new { location_id = "w1", color = "red" }),
            Api.Record("stock", 2, _at, new { location_id = "w2" }));

        Assert.Equal(["1:unknown_metric", "2:undeclared_dimension"], codes);
        await server.ProblemAsync(HttpMethod.Get, "/schema/unknown.metric", key, null, HttpStatusCode.NotFound, "metric_not_found");
    }

    [Fact]
    public async Task Strict_mode_applies_to_series_admitted_while_the_tenant_was_lenient()
    {
        var key = await server.NewAdminTenantAsync();
        await server.IngestOkAsync(key, Api.Array(Api.Record("observed", 1, _at, new { a = "1" })));
        await server.RegisterAsync(key, new { name = "declared", type = "gauge", dimensions = new[] { "a" } });
        await server.OkAsync(HttpMethod.Patch, "/schema/observed", key, new { dimensions = new[] { "b" }, force = true });

        await server.OkAsync(HttpMethod.Patch, "/settings", key, new { schema_mode = "strict" });

        var codes = await server.IngestCodesAsync(key, Api.Record("observed", 2, _at, new { a = "1" }), Api.Record("declared", 2, _at, new { a = "1" }));
        Assert.Equal(["0:undeclared_dimension"], codes);
    }

    [Fact]
    public async Task A_metric_mode_overrides_the_tenant_mode()
    {
        var key = await server.NewAdminTenantAsync();
        await server.RegisterAsync(key, new { name = "loose", type = "gauge", mode = "lenient" });
        await server.RegisterAsync(key, new { name = "tight", type = "gauge", mode = "strict" });
        await server.OkAsync(HttpMethod.Patch, "/settings", key, new { schema_mode = "strict" });

        var codes = await server.IngestCodesAsync(key, Api.Record("loose", 1, _at, new { extra = "x" }), Api.Record("tight", 1, _at, new { extra = "x" }));
        Assert.Equal(["1:undeclared_dimension"], codes);
        Assert.Equal(["extra"], (await server.OkAsync(HttpMethod.Get, "/schema/loose", key)).GetProperty("dimensions").Strings());

        await server.OkAsync(HttpMethod.Patch, "/settings", key, new { schema_mode = "lenient" });
        Assert.Equal(["1:undeclared_dimension"], await server.IngestCodesAsync(key, Api.Record("loose", 1, _at, new { other = "y" }), Api.Record("tight", 1, _at, new { extra = "x" })));
        Assert.Equal("strict", (await server.OkAsync(HttpMethod.Get, "/schema/tight", key)).GetProperty("status").GetProperty("effective_mode").GetString());
    }
}
