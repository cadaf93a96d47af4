using System.Net;
using System.Text.Json;
using Xunit;

namespace Telemetry.Api.Tests.Http.Schema;

[Collection(ServerCollection.Name)]
public sealed class NormalizationTests(TelemetryServer server)
{
    private const string Path = "/dimensions/normalize";
    private readonly DateTimeOffset _t0 = Api.RecentBase(10);

    private async Task<JsonElement> AddRuleAsync(TenantKey key, object rule) =>
        await server.OkAsync(HttpMethod.Post, Path, key, rule, HttpStatusCode.Created);

    [Fact]
    public async Task An_alias_merges_two_spellings_of_a_key_into_one_series()
    {
        var key = await server.NewAdminTenantAsync();

        var created = await AddRuleAsync(key, new { kind = "alias", key = "warehouse_id", target = "location_id" });
        Assert.Equal(1, created.GetProperty("version").GetInt32());
        Assert.Equal("samples ingested from now on; series already stored keep their labels", created.GetProperty("applies_to").GetString());
        var rule = created.GetProperty("rule");
        Assert.StartsWith("rule_", rule.GetProperty("id").GetString());
        Assert.Equal("alias", rule.GetProperty("kind").GetString());
        Assert.Equal("location_id", rule.GetProperty("target").GetString());
        Assert.Equal(key.Id, rule.GetProperty("created_by").GetString());

        await server.IngestOkAsync(key, Api.Array(
            Api.Record("stock", 1, _t0.AddMinutes(1), new { warehouse_id = "w1" }),
            Api.Record("stock", 2, _t0.AddMinutes(2), new { location_id = "w1" })));

        Assert.Equal(new Dictionary<string, double> { ["location_id=w1"] = 3 }, await server.SumsByAsync(key, "stock", _t0, "location_id"));
        var schema = await server.OkAsync(HttpMethod.Get, "/schema/stock", key);
        Assert.Equal(["location_id"], schema.GetProperty("dimensions").Strings());
        Assert.Equal(1, schema.GetProperty("status").GetProperty("series_count").GetInt32());
    }

    [Fact]
    public async Task When_both_spellings_are_present_the_target_wins()
    {
        var key = await server.NewAdminTenantAsync();
        await AddRuleAsync(key, new { kind = "alias", key = "warehouse_id", target = "location_id" });

        await server.IngestOkAsync(key, Api.Array(Api.Record("stock", 1, _t0.AddMinutes(1), new { warehouse_id = "w9", location_id = "w1" })));

        Assert.Equal(new Dictionary<string, double> { ["location_id=w1,warehouse_id=null"] = 1 }, await server.SumsByAsync(key, "stock", _t0, "location_id", "warehouse_id"));
    }

    [Fact]
    public async Task A_value_rule_trims_and_lowercases_so_spellings_of_a_value_merge()
    {
        var key = await server.NewAdminTenantAsync();
        await AddRuleAsync(key, new { kind = "value", key = "sku", transforms = new[] { "trim", "lowercase" } });

        await server.IngestOkAsync(key, Api.Array(
            Api.Record("stock", 1, _t0.AddMinutes(1), new { sku = " SKU-1 " }),
            Api.Record("stock", 2, _t0.AddMinutes(2), new { sku = "sku-1" })));

        Assert.Equal(new Dictionary<string, double> { ["sku=sku-1"] = 3 }, await server.SumsByAsync(key, "stock", _t0, "sku"));
    }

    [Fact]
    public async Task A_value_rule_on_every_key_applies_to_all_keys_and_a_value_emptied_by_trim_removes_its_key()
    {
        var key = await server.NewAdminTenantAsync();
        await AddRuleAsync(key, new { kind = "value", key = "*", transforms = new[] { "uppercase", "trim" } });

        await server.IngestOkAsync(key, Api.Array(Api.Record("stock", 1, _t0.AddMinutes(1), new { a = " x ", b = "y", c = "   " })));

        Assert.Equal(new Dictionary<string, double> { ["a=X,b=Y,c=null"] = 1 }, await server.SumsByAsync(key, "stock", _t0, "a", "b", "c"));
    }

    [Fact]
    public async Task A_drop_rule_removes_a_key_and_can_be_limited_to_some_metrics()
    {
        var key = await server.NewAdminTenantAsync();
        await AddRuleAsync(key, new { kind = "drop", key = "request_id", metrics = new[] { "stock" } });

        await server.IngestOkAsync(key, Api.Array(
            Api.Record("stock", 1, _t0.AddMinutes(1), new { sku = "a", request_id = "r1" }),
            Api.Record("stock", 2, _t0.AddMinutes(2), new { sku = "a", request_id = "r2" }),
            Api.Record("picks", 1, _t0.AddMinutes(1), new { request_id = "r1" })));

        Assert.Equal(new Dictionary<string, double> { ["request_id=null,sku=a"] = 3 }, await server.SumsByAsync(key, "stock", _t0, "request_id", "sku"));
        Assert.Equal(new Dictionary<string, double> { ["request_id=r1"] = 1 }, await server.SumsByAsync(key, "picks", _t0, "request_id"));
    }

    [Fact]
    public async Task Rules_are_listed_with_a_version_and_a_deleted_rule_stops_applying()
    {
        var key = await server.NewAdminTenantAsync();
        var alias = (await AddRuleAsync(key, new { kind = "alias", key = "wh", target = "location_id" })).GetProperty("rule").GetProperty("id").GetString();
        await AddRuleAsync(key, new { kind = "drop", key = "noise" });

        var list = await server.OkAsync(HttpMethod.Get, Path, key);
        Assert.Equal(2, list.GetProperty("version").GetInt32());
        Assert.Equal(["alias", "drop"], list.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("kind").GetString()!).ToArray());

        var deleted = await server.OkAsync(HttpMethod.Delete, $"{Path}/{alias}", key);
        Assert.Equal(3, deleted.GetProperty("version").GetInt32());
        await server.ProblemAsync(HttpMethod.Delete, $"{Path}/{alias}", key, null, HttpStatusCode.NotFound, "rule_not_found");
        await server.ProblemAsync(HttpMethod.Delete, $"{Path}/rule_nope", key, null, HttpStatusCode.NotFound, "rule_not_found");

        await server.IngestOkAsync(key, Api.Array(Api.Record("stock", 1, _t0.AddMinutes(1), new { wh = "w1" })));
        Assert.Equal(new Dictionary<string, double> { ["wh=w1"] = 1 }, await server.SumsByAsync(key, "stock", _t0, "wh"));
        Assert.Single((await server.OkAsync(HttpMethod.Get, Path, key)).GetProperty("rules").EnumerateArray());
    }

    public static TheoryData<string> InvalidRules => new()
    {
        """{"kind":"rename","key":"a","target":"b"}""",
        """{"key":"a"}""",
        """{"kind":"alias","key":"a"}""",
        """{"kind":"alias","key":"a","target":"bad key"}""",
        """{"kind":"alias","key":"a","target":"a"}""",
        """{"kind":"alias","key":"*","target":"b"}""",
        """{"kind":"alias","key":"a","target":"b","transforms":["trim"]}""",
        """{"kind":"value","key":"a"}""",
        """{"kind":"value","key":"a","transforms":[]}""",
        """{"kind":"value","key":"a","transforms":["reverse"]}""",
        """{"kind":"value","key":"a","transforms":["lowercase","uppercase"]}""",
        """{"kind":"value","key":"a","target":"b","transforms":["trim"]}""",
        """{"kind":"drop","key":"__internal"}""",
        """{"kind":"drop","key":"*"}""",
        """{"kind":"drop"}""",
        """{"kind":"drop","key":"a","metrics":["9bad"]}""",
    };

    [Theory]
    [MemberData(nameof(InvalidRules))]
    public async Task A_bad_rule_is_400_invalid_rule_and_adds_nothing(string body)
    {
        var key = await server.NewAdminTenantAsync();
        using var response = await server.SendAsync(HttpMethod.Post, TelemetryServer.Base + Path, key.Key, key.Tenant,
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await Api.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_rule");
        Assert.Equal(0, (await server.OkAsync(HttpMethod.Get, Path, key)).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Changing_rules_needs_the_admin_scope()
    {
        var key = await server.NewTenantAsync("ingest", "query");

        await server.OkAsync(HttpMethod.Get, Path, key);
        await server.ProblemAsync(HttpMethod.Post, Path, key, new { kind = "drop", key = "a" }, HttpStatusCode.Forbidden, "scope_forbidden");
        await server.ProblemAsync(HttpMethod.Delete, $"{Path}/rule_x", key, null, HttpStatusCode.Forbidden, "scope_forbidden");
    }
}
