using System.Net;
using Xunit;

namespace Telemetry.Api.Tests.Http.Auth;

/// <summary>A key of tenant A never reads or writes tenant B, by header or by path.</summary>
[Collection(ServerCollection.Name)]
public sealed class TenantIsolationTests(TelemetryServer server)
{
    private const string Metric = "dock.temp";
    private readonly DateTimeOffset _t0 = Api.RecentBase();

    public static TheoryData<string, string> Routes => new()
    {
        { "POST", "/ingest" },
        { "POST", "/ingest/validate" },
        { "POST", "/query" },
        { "GET", "/query?metric=dock.temp" },
        { "POST", "/keys" },
        { "GET", "/keys" },
        { "DELETE", "/keys/0123456789abcdef" },
    };

    [Fact]
    public async Task Another_tenant_querying_the_same_metric_sees_no_series()
    {
        var a = await server.NewTenantAsync();
        var b = await server.NewTenantAsync();
        await server.IngestOkAsync(a, Api.Array(Api.Record(Metric, 42, _t0.AddMinutes(1))));

        var seenByB = await server.QueryOkAsync(b, Query());
        var seenByA = await server.QueryOkAsync(a, Query());

        Assert.Empty(Api.Series(seenByB));
        Api.EqualValues([42], Api.Values(Api.OnlySeries(seenByA)));
    }

    [Fact]
    public async Task Same_metric_in_two_tenants_may_have_different_types()
    {
        var a = await server.NewTenantAsync();
        var b = await server.NewTenantAsync();

        await server.IngestOkAsync(a, Api.Array(Api.Record(Metric, 1, _t0, type: "gauge")));
        await server.IngestOkAsync(b, Api.Array(Api.Record(Metric, 1, _t0, type: "counter")));
    }

    [Fact]
    public async Task A_tenant_lists_only_its_own_keys_and_cannot_delete_another_tenants_key()
    {
        var a = await server.NewTenantAsync("admin", "query");
        var b = await server.NewTenantAsync("admin", "query");

        using var list = await server.SendAsync(HttpMethod.Get, $"{TelemetryServer.Base}/keys", b.Key, b.Tenant);
        var keys = await Api.JsonAsync(list, HttpStatusCode.OK);
        Assert.Equal([b.Id], keys.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("id").GetString()!).ToArray());

        using var delete = await server.SendAsync(HttpMethod.Delete, $"{TelemetryServer.Base}/keys/{a.Id}", b.Key, b.Tenant);
        await Api.ProblemAsync(delete, HttpStatusCode.NotFound, "key_not_found");

        // A's key still works.
        using var query = await server.SendAsync(HttpMethod.Get, $"{TelemetryServer.Base}/query?metric={Metric}", a.Key, a.Tenant);
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_key_of_A_naming_B_in_the_header_is_403_and_reveals_nothing_of_B(string method, string path)
    {
        var a = await server.NewTenantAsync("admin", "ingest", "query");
        var b = await server.NewTenantAsync("admin", "ingest", "query");
        await server.IngestOkAsync(b, Api.Array(Api.Record(Metric, 7, _t0)));

        using var response = await server.SendAsync(new HttpMethod(method), TelemetryServer.Base + path, a.Key, b.Tenant, AuthTests.Body(method, path));

        var problem = await Api.ProblemAsync(response, HttpStatusCode.Forbidden, "tenant_forbidden");
        Assert.DoesNotContain(b.Tenant, problem.GetRawText());
        Assert.DoesNotContain(b.Id, problem.GetRawText());
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_key_of_A_on_Bs_tenant_path_is_403_and_reveals_nothing_of_B(string method, string path)
    {
        var a = await server.NewTenantAsync("admin", "ingest", "query");
        var b = await server.NewTenantAsync("admin", "ingest", "query");

        using var response = await server.SendAsync(new HttpMethod(method), $"/v1/tenants/{b.Tenant}/telemetry{path}", a.Key, tenant: null, AuthTests.Body(method, path));

        var problem = await Api.ProblemAsync(response, HttpStatusCode.Forbidden, "tenant_forbidden");
        Assert.DoesNotContain(b.Tenant, problem.GetRawText());
    }

    [Fact]
    public async Task A_tenant_that_does_not_exist_gets_the_same_403()
    {
        var a = await server.NewTenantAsync();
        var b = await server.NewTenantAsync();

        using var existing = await server.SendAsync(HttpMethod.Get, $"{TelemetryServer.Base}/query?metric={Metric}", a.Key, b.Tenant);
        using var missing = await server.SendAsync(HttpMethod.Get, $"{TelemetryServer.Base}/query?metric={Metric}", a.Key, "no-such-tenant");

        var first = await Api.ProblemAsync(existing, HttpStatusCode.Forbidden, "tenant_forbidden");
        var second = await Api.ProblemAsync(missing, HttpStatusCode.Forbidden, "tenant_forbidden");
        Assert.Equal(first.GetProperty("detail").GetString(), second.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_tenant_path_form_works_for_ingest_and_query()
    {
        var key = await server.NewTenantAsync();
        var basePath = $"/v1/tenants/{key.Tenant}/telemetry";

        using var ingest = await server.SendAsync(HttpMethod.Post, $"{basePath}/ingest", key.Key, tenant: null,
            new StringContent(Api.Array(Api.Record(Metric, 3, _t0), Api.Record(Metric, 4, _t0.AddMinutes(2))), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(2, (await Api.JsonAsync(ingest, HttpStatusCode.Accepted)).GetProperty("accepted").GetInt32());

        using var post = await server.SendAsync(HttpMethod.Post, $"{basePath}/query", key.Key, tenant: null, Api.Json(Query()));
        Api.EqualValues([7], Api.Values(Api.OnlySeries(await Api.JsonAsync(post, HttpStatusCode.OK))));

        using var get = await server.SendAsync(HttpMethod.Get,
            $"{basePath}/query?metric={Metric}&start={Api.Utc(_t0)}&end={Api.Utc(_t0.AddMinutes(5))}&granularity=5m&aggregation=sum", key.Key, key.Tenant);
        Api.EqualValues([7], Api.Values(Api.OnlySeries(await Api.JsonAsync(get, HttpStatusCode.OK))));

        // And it is the same data as under the header form.
        Api.EqualValues([7], Api.Values(Api.OnlySeries(await server.QueryOkAsync(key, Query()))));
    }

    [Fact]
    public async Task The_bootstrap_key_acts_for_the_tenant_in_the_path()
    {
        var key = await server.NewTenantAsync();
        await server.IngestOkAsync(key, Api.Array(Api.Record(Metric, 5, _t0)));

        using var post = await server.SendAsync(HttpMethod.Post, $"/v1/tenants/{key.Tenant}/telemetry/query", TelemetryServer.BootstrapKey, tenant: null, Api.Json(Query()));

        Api.EqualValues([5], Api.Values(Api.OnlySeries(await Api.JsonAsync(post, HttpStatusCode.OK))));
    }

    [Fact]
    public async Task Header_and_path_naming_different_tenants_is_400_tenant_mismatch()
    {
        var key = await server.NewTenantAsync();

        using var response = await server.SendAsync(HttpMethod.Post, $"/v1/tenants/{key.Tenant}/telemetry/query", key.Key, TelemetryServer.NewTenant(), Api.Json(Query()));

        await Api.ProblemAsync(response, HttpStatusCode.BadRequest, "tenant_mismatch");
    }

    [Fact]
    public async Task Header_and_path_naming_the_same_tenant_is_fine()
    {
        var key = await server.NewTenantAsync();

        using var response = await server.SendAsync(HttpMethod.Post, $"/v1/tenants/{key.Tenant}/telemetry/query", key.Key, key.Tenant, Api.Json(Query()));

        await Api.JsonAsync(response, HttpStatusCode.OK);
    }

    private object Query() => new
    {
        metric = Metric, start = Api.Utc(_t0), end = Api.Utc(_t0.AddMinutes(5)), granularity = "5m", aggregation = "sum",
    };
}
