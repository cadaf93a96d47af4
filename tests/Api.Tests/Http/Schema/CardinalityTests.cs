using System.Net;
using System.Text.Json;
using Xunit;

namespace Telemetry.Api.Tests.Http.Schema;

[Collection(ServerCollection.Name)]
public sealed class CardinalityTests(TelemetryServer server)
{
    private readonly DateTimeOffset _t0 = Api.RecentBase(10);

    private string Sku(int i, double value = 1, int minute = 1) => Api.Record("stock", value, _t0.AddMinutes(minute), new { sku = $"s{i}" });

    private async Task<JsonElement> SetQuotasAsync(TenantKey key, object body)
    {
        using var response = await server.CallAsPlatformAsync(HttpMethod.Patch, "/quotas", key, body);
        return await Api.JsonAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Quotas_show_the_configured_defaults_and_usage()
    {
        var key = await server.NewAdminTenantAsync();
        await server.IngestOkAsync(key, Api.Array(Sku(1), Sku(2)));

        var quotas = await server.OkAsync(HttpMethod.Get, "/quotas", key);

        Assert.Equal(1_000_000, quotas.GetProperty("max_series_per_tenant").GetInt64());
        Assert.Equal(50_000, quotas.GetProperty("max_series_per_metric").GetInt64());
        Assert.Equal(2, quotas.GetProperty("series_count").GetInt64());
        Assert.Equal(0, quotas.GetProperty("rejected_series").GetInt64());
    }

    [Fact]
    public async Task A_tenant_admin_cannot_change_its_own_quotas()
    {
        var key = await server.NewAdminTenantAsync();

        await server.ProblemAsync(HttpMethod.Patch, "/quotas", key, new { max_series_per_metric = 1_000_000 }, HttpStatusCode.Forbidden, "platform_admin_required");
        Assert.Equal(50_000, (await server.OkAsync(HttpMethod.Get, "/quotas", key)).GetProperty("max_series_per_metric").GetInt64());
    }

    [Theory]
    [InlineData("""{"max_series_per_metric":0}""")]
    [InlineData("""{"max_series_per_metric":-5}""")]
    [InlineData("""{"max_series_per_metric":"ten"}""")]
    [InlineData("""{"max_series_per_tenant":1.5}""")]
    [InlineData("""{"max_series_per_tenant":99999999999}""")]
    [InlineData("""{}""")]
    public async Task Invalid_quotas_are_400_invalid_quota(string body)
    {
        var key = await server.NewAdminTenantAsync();
        using var response = await server.SendAsync(HttpMethod.Patch, TelemetryServer.Base + "/quotas", TelemetryServer.BootstrapKey, key.Tenant,
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await Api.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_quota");
    }

    [Fact]
    public async Task The_platform_admin_sets_a_limit_and_null_restores_the_default()
    {
        var key = await server.NewAdminTenantAsync();

        var set = await SetQuotasAsync(key, new { max_series_per_tenant = 1000, max_series_per_metric = 10 });
        Assert.Equal(1000, set.GetProperty("max_series_per_tenant").GetInt64());
        Assert.Equal(10, set.GetProperty("max_series_per_metric").GetInt64());

        var partly = await SetQuotasAsync(key, new Dictionary<string, object?> { ["max_series_per_metric"] = null });
        Assert.Equal(1000, partly.GetProperty("max_series_per_tenant").GetInt64());
        Assert.Equal(50_000, partly.GetProperty("max_series_per_metric").GetInt64());
    }

    [Fact]
    public async Task Past_the_metric_limit_new_series_are_refused_per_record_while_existing_series_keep_working()
    {
        var key = await server.NewAdminTenantAsync();
        await SetQuotasAsync(key, new { max_series_per_metric = 5 });

        await server.IngestOkAsync(key, Api.Array(Sku(1), Sku(2), Sku(3), Sku(4)));

        // 4 of 5 is 80 %: a warning in the metric's status and in diagnostics.
        var status = (await server.OkAsync(HttpMethod.Get, "/schema/stock", key)).GetProperty("status");
        Assert.Equal(4, status.GetProperty("series_count").GetInt32());
        Assert.Equal(5, status.GetProperty("series_limit").GetInt32());
        Assert.Contains(status.GetProperty("warnings").Strings(), w => w.Contains("80%"));
        var diagnostics = await server.OkAsync(HttpMethod.Get, "/diagnostics", key);
        Assert.Contains(diagnostics.GetProperty("cardinality").GetProperty("warnings").Strings(), w => w.Contains("80%") && w.Contains("'stock'"));

        var codes = await server.IngestCodesAsync(key, Sku(5), Sku(6), Sku(1, 10, minute: 2), Sku(7));
        Assert.Equal(["1:cardinality_limit", "3:cardinality_limit"], codes);
        Assert.Equal(11, (await server.SumsByAsync(key, "stock", _t0, "sku"))["sku=s1"]);

        status = (await server.OkAsync(HttpMethod.Get, "/schema/stock", key)).GetProperty("status");
        Assert.Equal(2, status.GetProperty("rejected_series").GetInt64());
        var dimensions = await server.OkAsync(HttpMethod.Get, "/dimensions?metric=stock", key);
        var sku = Assert.Single(Assert.Single(dimensions.GetProperty("metrics").EnumerateArray()).GetProperty("dimensions").EnumerateArray());
        Assert.Equal(7, sku.GetProperty("distinct_estimate").GetInt64());
    }

    [Fact]
    public async Task A_metric_max_series_overrides_the_tenant_limit()
    {
        var key = await server.NewAdminTenantAsync();
        await server.RegisterAsync(key, new { name = "stock", type = "gauge", dimensions = new[] { "sku" }, max_series = 2 });

        Assert.Equal(["2:cardinality_limit"], await server.IngestCodesAsync(key, Sku(1), Sku(2), Sku(3)));
    }

    [Fact]
    public async Task The_tenant_limit_refuses_new_series_across_metrics()
    {
        var key = await server.NewAdminTenantAsync();
        await SetQuotasAsync(key, new { max_series_per_tenant = 3 });

        var codes = await server.IngestCodesAsync(key, Sku(1), Sku(2), Api.Record("picks", 1, _t0.AddMinutes(1), new { sku = "a" }), Api.Record("picks", 1, _t0.AddMinutes(1), new { sku = "b" }));

        Assert.Equal(["3:cardinality_limit"], codes);
        var diagnostics = (await server.OkAsync(HttpMethod.Get, "/diagnostics", key)).GetProperty("cardinality");
        Assert.Equal(3, diagnostics.GetProperty("tenant").GetProperty("series_count").GetInt64());
        Assert.Equal(3, diagnostics.GetProperty("tenant").GetProperty("series_limit").GetInt64());
        Assert.Equal(1.0, diagnostics.GetProperty("tenant").GetProperty("usage_ratio").GetDouble());
        Assert.Contains(diagnostics.GetProperty("warnings").Strings(), w => w.StartsWith("The tenant has 3 series"));
        Assert.Equal(1, (await server.OkAsync(HttpMethod.Get, "/quotas", key)).GetProperty("rejected_series").GetInt64());
    }

    [Fact]
    public async Task An_overflow_dimension_folds_values_past_the_limit_into_overflow()
    {
        var key = await server.NewAdminTenantAsync();
        await server.RegisterAsync(key, new { name = "stock", type = "gauge", dimensions = new[] { "sku" }, max_series = 3, overflow_dimension = "sku" });

        // s4 and s5 land in one series; different minutes keep both samples (same series and time: last write wins).
        Assert.Empty(await server.IngestCodesAsync(key, Sku(1, 1), Sku(2, 2), Sku(3, 4), Sku(4, 8, minute: 2), Sku(5, 16, minute: 3)));

        var sums = await server.SumsByAsync(key, "stock", _t0, "sku");
        Assert.Equal(new Dictionary<string, double> { ["sku=s1"] = 1, ["sku=s2"] = 2, ["sku=s3"] = 4, ["sku=__overflow__"] = 24 }, sums);
    }

    [Fact]
    public async Task Dimensions_list_keys_per_metric_and_across_metrics()
    {
        var key = await server.NewAdminTenantAsync();
        await server.IngestOkAsync(key, Api.Array(
            Api.Record("stock", 1, _t0.AddMinutes(1), new { location_id = "w1", sku = "a" }),
            Api.Record("stock", 1, _t0.AddMinutes(1), new { location_id = "w1", sku = "b" }),
            Api.Record("picks", 1, _t0.AddMinutes(1), new { location_id = "w1" }),
            Api.Record("picks", 1, _t0.AddMinutes(1), new { location_id = "w2" }),
            Api.Record("picks", 1, _t0.AddMinutes(1), new { location_id = "w3" })));

        var all = await server.OkAsync(HttpMethod.Get, "/dimensions", key);

        var metrics = all.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("metric").GetString()!);
        Assert.Equal(["picks", "stock"], metrics.Keys.Order().ToArray());
        Assert.Equal(2, metrics["stock"].GetProperty("series_count").GetInt32());
        Assert.Equal(50_000, metrics["stock"].GetProperty("series_limit").GetInt32());
        var stockSku = metrics["stock"].GetProperty("dimensions").EnumerateArray().Single(d => d.GetProperty("key").GetString() == "sku");
        Assert.Equal(2, stockSku.GetProperty("distinct_estimate").GetInt64());
        Assert.Equal(["a", "b"], stockSku.GetProperty("sample_values").Strings().Order().ToArray());

        var keys = all.GetProperty("keys").EnumerateArray().ToDictionary(k => k.GetProperty("key").GetString()!);
        Assert.Equal(["location_id", "sku"], keys.Keys.ToArray());
        Assert.Equal(["picks", "stock"], keys["location_id"].GetProperty("metrics").Strings().Order().ToArray());
        Assert.Equal(3, keys["location_id"].GetProperty("distinct_estimate").GetInt64());

        var one = await server.OkAsync(HttpMethod.Get, "/dimensions?metric=picks", key);
        Assert.Equal("picks", Assert.Single(one.GetProperty("metrics").EnumerateArray()).GetProperty("metric").GetString());
        await server.ProblemAsync(HttpMethod.Get, "/dimensions?metric=nothing", key, null, HttpStatusCode.NotFound, "metric_not_found");
        await server.ProblemAsync(HttpMethod.Get, "/dimensions?metric=9bad", key, null, HttpStatusCode.BadRequest, "invalid_metric");
    }

    [Fact]
    public async Task Diagnostics_rank_hot_spots_by_distinct_values_and_describe_ingest()
    {
        var key = await server.NewAdminTenantAsync();
        await server.IngestOkAsync(key, Api.Array(
            Api.Record("stock", 1, _t0.AddMinutes(1), new { location_id = "w1", sku = "a" }),
            Api.Record("stock", 1, _t0.AddMinutes(1), new { location_id = "w1", sku = "b" }),
            Api.Record("stock", 1, _t0.AddMinutes(1), new { location_id = "w1", sku = "c" })));

        var diagnostics = await server.OkAsync(HttpMethod.Get, "/diagnostics", key);

        var hot = diagnostics.GetProperty("cardinality").GetProperty("hot_spots").EnumerateArray().ToArray();
        Assert.Equal(["stock/sku/3", "stock/location_id/1"], hot.Select(h => $"{h.GetProperty("metric").GetString()}/{h.GetProperty("dimension").GetString()}/{h.GetProperty("distinct_estimate").GetInt64()}").ToArray());
        Assert.Equal(3, hot[0].GetProperty("series_count").GetInt32());
        Assert.Empty(diagnostics.GetProperty("cardinality").GetProperty("warnings").EnumerateArray());
        var ingest = diagnostics.GetProperty("ingest");
        Assert.Equal("write_ahead_log", ingest.GetProperty("mode").GetString());
        Assert.True(ingest.GetProperty("acknowledged_sequence").GetInt64() >= 1);
        Assert.True(ingest.GetProperty("applied_sequence").GetInt64() <= ingest.GetProperty("acknowledged_sequence").GetInt64());

        var queryKey = await server.CreateTenantKeyAsync(key.Tenant, "query");
        await server.ProblemAsync(HttpMethod.Get, "/diagnostics", queryKey, null, HttpStatusCode.Forbidden, "scope_forbidden");
    }
}
