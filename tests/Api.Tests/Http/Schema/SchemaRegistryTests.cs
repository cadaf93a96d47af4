using System.Net;
using System.Text.Json;
using Xunit;

namespace Telemetry.Api.Tests.Http.Schema;

[Collection(ServerCollection.Name)]
public sealed class SchemaRegistryTests(TelemetryServer server)
{
    private static readonly HttpMethod Patch = HttpMethod.Patch;

    private static object Seed(string name = "inventory.on_hand", string type = "gauge") => new
    {
        name,
        type,
        unit = "units",
        dimensions = new[] { "location_id", "sku" },
        retention_days = 30,
        notes = "stock on hand",
    };

    [Fact]
    public async Task Register_answers_201_with_version_1_and_the_metric_is_listed_and_readable()
    {
        var key = await server.NewAdminTenantAsync();

        var created = await server.RegisterAsync(key, Seed());

        Assert.Equal("inventory.on_hand", created.GetProperty("name").GetString());
        Assert.Equal("gauge", created.GetProperty("type").GetString());
        Assert.Equal("units", created.GetProperty("unit").GetString());
        Assert.Equal(["location_id", "sku"], created.GetProperty("dimensions").Strings());
        Assert.Equal(30, created.GetProperty("retention_days").GetInt32());
        Assert.Equal(1, created.GetProperty("version").GetInt32());
        Assert.False(created.GetProperty("deprecated").GetBoolean());
        Assert.Equal("declared", created.GetProperty("origin").GetString());
        Assert.Equal(key.Id, created.GetProperty("changed_by").GetString());

        var list = await server.OkAsync(HttpMethod.Get, "/schema", key);
        var only = Assert.Single(list.GetProperty("metrics").EnumerateArray());
        Assert.Equal("inventory.on_hand", only.GetProperty("name").GetString());

        var read = await server.OkAsync(HttpMethod.Get, "/schema/inventory.on_hand", key);
        Assert.Equal(1, read.GetProperty("version").GetInt32());
        var status = read.GetProperty("status");
        Assert.Equal(0, status.GetProperty("series_count").GetInt32());
        Assert.Equal(50_000, status.GetProperty("series_limit").GetInt32());
        Assert.Equal("lenient", status.GetProperty("effective_mode").GetString());
        Assert.Empty(status.GetProperty("warnings").EnumerateArray());
    }

    [Fact]
    public async Task Registering_a_declared_metric_again_is_409_schema_exists()
    {
        var key = await server.NewAdminTenantAsync();
        await server.RegisterAsync(key, Seed());

        await server.ProblemAsync(HttpMethod.Post, "/schema", key, Seed(), HttpStatusCode.Conflict, "schema_exists");
    }

    public static TheoryData<string> InvalidSeeds => new()
    {
        """{"name":"9bad","type":"gauge"}""",
        """{"name":"ok","type":"gauges"}""",
        """{"name":"ok","type":"Gauge"}""",
        """{"name":"ok"}""",
        """{"type":"gauge"}""",
        """{"name":"ok","type":"gauge","dimensions":["good","bad key"]}""",
        """{"name":"ok","type":"gauge","dimensions":["__reserved"]}""",
        """{"name":"ok","type":"gauge","dimensions":["a","a"]}""",
        """{"name":"ok","type":"gauge","mode":"loose"}""",
        """{"name":"ok","type":"gauge","max_series":0}""",
        """{"name":"ok","type":"gauge","retention_days":-1}""",
        """{"name":"ok","type":"gauge","dimensions":["a"],"overflow_dimension":"b"}""",
    };

    [Theory]
    [MemberData(nameof(InvalidSeeds))]
    public async Task An_invalid_seed_is_400_invalid_schema(string body)
    {
        var key = await server.NewAdminTenantAsync();
        using var response = await server.SendAsync(HttpMethod.Post, TelemetryServer.Base + "/schema", key.Key, key.Tenant,
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await Api.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_schema");
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.Empty((await server.OkAsync(HttpMethod.Get, "/schema", key)).GetProperty("metrics").EnumerateArray());
    }

    [Fact]
    public async Task Malformed_json_is_400_invalid_json()
    {
        var key = await server.NewAdminTenantAsync();
        using var response = await server.SendAsync(HttpMethod.Post, TelemetryServer.Base + "/schema", key.Key, key.Tenant,
            new StringContent("{\"name\":", System.Text.Encoding.UTF8, "application/json"));

        await Api.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_json");
    }

    [Fact]
    public async Task Every_change_makes_a_version_and_old_versions_stay_readable()
    {
        var key = await server.NewAdminTenantAsync();
        await server.RegisterAsync(key, Seed());
        await server.OkAsync(Patch, "/schema/inventory.on_hand", key, new { unit = "pieces" });
        var third = await server.OkAsync(Patch, "/schema/inventory.on_hand", key, new { dimensions = new[] { "location_id", "sku", "zone" }, notes = "with zones" });
        Assert.Equal(3, third.GetProperty("version").GetInt32());

        var versions = await server.OkAsync(HttpMethod.Get, "/schema/inventory.on_hand/versions", key);
        var all = versions.GetProperty("versions").EnumerateArray().ToArray();
        Assert.Equal([1, 2, 3], all.Select(v => v.GetProperty("version").GetInt32()).ToArray());
        Assert.Equal(["units", "pieces", "pieces"], all.Select(v => v.GetProperty("unit").GetString()!).ToArray());

        var first = await server.OkAsync(HttpMethod.Get, "/schema/inventory.on_hand?version=1", key);
        Assert.Equal("units", first.GetProperty("unit").GetString());
        Assert.Equal(["location_id", "sku"], first.GetProperty("dimensions").Strings());
        Assert.False(first.TryGetProperty("status", out _));

        await server.ProblemAsync(HttpMethod.Get, "/schema/inventory.on_hand?version=9", key, null, HttpStatusCode.NotFound, "version_not_found");
        await server.ProblemAsync(HttpMethod.Get, "/schema/inventory.on_hand?version=two", key, null, HttpStatusCode.BadRequest, "invalid_version");
    }

    [Fact]
    public async Task A_patch_that_changes_nothing_keeps_the_version()
    {
        var key = await server.NewAdminTenantAsync();
        await server.RegisterAsync(key, Seed());

        var same = await server.OkAsync(Patch, "/schema/inventory.on_hand", key, new { unit = "units" });

        Assert.Equal(1, same.GetProperty("version").GetInt32());
    }

    [Theory]
    [InlineData("GET", "/schema/nothing.here")]
    [InlineData("GET", "/schema/nothing.here?version=1")]
    [InlineData("GET", "/schema/nothing.here/versions")]
    [InlineData("PATCH", "/schema/nothing.here")]
    [InlineData("DELETE", "/schema/nothing.here")]
    public async Task An_unknown_metric_is_404_metric_not_found(string method, string path)
    {
        var key = await server.NewAdminTenantAsync();

        await server.ProblemAsync(new HttpMethod(method), path, key, method == "PATCH" ? new { unit = "x" } : null, HttpStatusCode.NotFound, "metric_not_found");
    }

    [Theory]
    [InlineData("GET", "/schema/9starts.with.digit")]
    [InlineData("PATCH", "/schema/has%20space")]
    [InlineData("DELETE", "/schema/-dash")]
    public async Task An_invalid_metric_name_in_the_path_is_400_invalid_metric(string method, string path)
    {
        var key = await server.NewAdminTenantAsync();

        await server.ProblemAsync(new HttpMethod(method), path, key, method == "PATCH" ? new { unit = "x" } : null, HttpStatusCode.BadRequest, "invalid_metric");
    }

    [Fact]
    public async Task Changing_the_type_is_409_incompatible_change_unless_forced()
    {
        var key = await server.NewAdminTenantAsync();
        await server.RegisterAsync(key, Seed());

        var conflict = await server.ProblemAsync(Patch, "/schema/inventory.on_hand", key, new { type = "counter" }, HttpStatusCode.Conflict, "incompatible_change");
        Assert.Contains("force", conflict.GetProperty("detail").GetString());
        Assert.Equal("gauge", (await server.OkAsync(HttpMethod.Get, "/schema/inventory.on_hand", key)).GetProperty("type").GetString());

        var forced = await server.OkAsync(Patch, "/schema/inventory.on_hand", key, new { type = "counter", force = true });
        Assert.Equal("counter", forced.GetProperty("type").GetString());
        Assert.Equal(2, forced.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Dropping_a_dimension_that_has_data_is_409_unless_forced_and_one_without_data_drops_freely()
    {
        var key = await server.NewAdminTenantAsync();
        await server.RegisterAsync(key, new { name = "picks", type = "counter", dimensions = new[] { "location_id", "sku", "unused" } });
        await server.IngestOkAsync(key, Api.Array(Api.Record("picks", 1, DateTimeOffset.UtcNow.AddMinutes(-1), new { location_id = "w1", sku = "s1" }, "counter")));

        var unused = await server.OkAsync(Patch, "/schema/picks", key, new { dimensions = new[] { "location_id", "sku" } });
        Assert.Equal(["location_id", "sku"], unused.GetProperty("dimensions").Strings());

        var conflict = await server.ProblemAsync(Patch, "/schema/picks", key, new { dimensions = new[] { "location_id" } }, HttpStatusCode.Conflict, "incompatible_change");
        Assert.Contains("'sku'", conflict.GetProperty("detail").GetString());

        var forced = await server.OkAsync(Patch, "/schema/picks", key, new { dimensions = new[] { "location_id" }, force = true });
        Assert.Equal(["location_id"], forced.GetProperty("dimensions").Strings());
    }

    [Fact]
    public async Task Compatible_changes_pass_without_force()
    {
        var key = await server.NewAdminTenantAsync();
        await server.RegisterAsync(key, Seed());

        var changed = await server.OkAsync(Patch, "/schema/inventory.on_hand", key, new
        {
            unit = "pieces",
            dimensions = new[] { "location_id", "sku", "bin" },
            retention_days = 90,
            notes = "more",
            mode = "strict",
            max_series = 100,
            overflow_dimension = "sku",
        });

        Assert.Equal(["bin", "location_id", "sku"], changed.GetProperty("dimensions").Strings());
        Assert.Equal(90, changed.GetProperty("retention_days").GetInt32());
        Assert.Equal("strict", changed.GetProperty("mode").GetString());
        Assert.Equal(100, changed.GetProperty("max_series").GetInt32());
        Assert.Equal("sku", changed.GetProperty("overflow_dimension").GetString());
        Assert.Equal(2, changed.GetProperty("version").GetInt32());

        var cleared = await server.OkAsync(Patch, "/schema/inventory.on_hand", key, new { overflow_dimension = "" });
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("overflow_dimension").ValueKind);
    }

    [Fact]
    public async Task Renaming_through_patch_is_400_invalid_schema()
    {
        var key = await server.NewAdminTenantAsync();
        await server.RegisterAsync(key, Seed());

        await server.ProblemAsync(Patch, "/schema/inventory.on_hand", key, new { name = "other" }, HttpStatusCode.BadRequest, "invalid_schema");
        await server.ProblemAsync(Patch, "/schema/inventory.on_hand", key, new { type = "timer" }, HttpStatusCode.BadRequest, "invalid_schema");
    }

    [Fact]
    public async Task A_deprecated_metric_refuses_samples_per_record_but_stays_queryable_and_can_be_revived()
    {
        var key = await server.NewAdminTenantAsync();
        var t0 = Api.RecentBase(10);
        await server.RegisterAsync(key, Seed());
        await server.IngestOkAsync(key, Api.Array(Api.Record("inventory.on_hand", 5, t0.AddMinutes(1), new { location_id = "w1", sku = "a" })));

        var deprecated = await server.OkAsync(HttpMethod.Delete, "/schema/inventory.on_hand", key);
        Assert.True(deprecated.GetProperty("deprecated").GetBoolean());
        Assert.Equal(2, deprecated.GetProperty("version").GetInt32());

        var codes = await server.IngestCodesAsync(key,
            Api.Record("other.metric", 1, t0.AddMinutes(2)),
            Api.Record("inventory.on_hand", 6, t0.AddMinutes(2), new { location_id = "w1", sku = "a" }),
            Api.Record("inventory.on_hand", 7, t0.AddMinutes(2), new { location_id = "w2", sku = "b" }));
        Assert.Equal(["1:metric_deprecated", "2:metric_deprecated"], codes);

        Assert.Equal(new Dictionary<string, double> { [""] = 5 }, await server.SumsByAsync(key, "inventory.on_hand", t0));

        var status = (await server.OkAsync(HttpMethod.Get, "/schema/inventory.on_hand", key)).GetProperty("status");
        Assert.Contains(status.GetProperty("warnings").Strings(), w => w.Contains("deprecated"));

        var again = await server.OkAsync(HttpMethod.Delete, "/schema/inventory.on_hand", key);
        Assert.Equal(2, again.GetProperty("version").GetInt32());

        var revived = await server.OkAsync(Patch, "/schema/inventory.on_hand", key, new { deprecated = false });
        Assert.False(revived.GetProperty("deprecated").GetBoolean());
        Assert.Empty(await server.IngestCodesAsync(key, Api.Record("inventory.on_hand", 6, t0.AddMinutes(3), new { location_id = "w1", sku = "a" })));
    }

    [Fact]
    public async Task A_lenient_first_write_registers_the_metric_as_observed_and_new_keys_extend_it()
    {
        var key = await server.NewAdminTenantAsync();
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);

        await server.IngestOkAsync(key, Api.Array(Api.Record("temp.c", 4, at, new { room = "cold" })));
        var first = await server.OkAsync(HttpMethod.Get, "/schema/temp.c", key);
        Assert.Equal("observed", first.GetProperty("origin").GetString());
        Assert.Equal("gauge", first.GetProperty("type").GetString());
        Assert.Equal(["room"], first.GetProperty("dimensions").Strings());
        Assert.Equal("ingest", first.GetProperty("changed_by").GetString());

        await server.IngestOkAsync(key, Api.Array(Api.Record("temp.c", 5, at, new { room = "cold", sensor = "s1" })));
        var extended = await server.OkAsync(HttpMethod.Get, "/schema/temp.c", key);
        Assert.Equal(["room", "sensor"], extended.GetProperty("dimensions").Strings());
        Assert.Equal(2, extended.GetProperty("version").GetInt32());
        Assert.Equal(2, extended.GetProperty("status").GetProperty("series_count").GetInt32());

        // Declaring an observed metric is 200, not 201: it existed already.
        var declared = await server.OkAsync(HttpMethod.Post, "/schema", key, new { name = "temp.c", type = "gauge", unit = "celsius" });
        Assert.Equal("declared", declared.GetProperty("origin").GetString());
        Assert.Equal(["room", "sensor"], declared.GetProperty("dimensions").Strings());
        Assert.Equal(3, declared.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_sample_of_another_type_is_refused_per_record_with_type_conflict()
    {
        var key = await server.NewAdminTenantAsync();
        await server.RegisterAsync(key, new { name = "picks", type = "counter" });

        var codes = await server.IngestCodesAsync(key, Api.Record("picks", 1, DateTimeOffset.UtcNow.AddMinutes(-1), type: "gauge"));

        Assert.Equal(["0:type_conflict"], codes);
    }

    [Fact]
    public async Task Reads_need_the_query_scope_and_changes_the_admin_scope()
    {
        var admin = await server.NewAdminTenantAsync();
        await server.RegisterAsync(admin, Seed());
        var ingestOnly = await server.CreateTenantKeyAsync(admin.Tenant, "ingest");
        var queryOnly = await server.CreateTenantKeyAsync(admin.Tenant, "query");

        await server.ProblemAsync(HttpMethod.Get, "/schema", ingestOnly, null, HttpStatusCode.Forbidden, "scope_forbidden");
        await server.OkAsync(HttpMethod.Get, "/schema/inventory.on_hand", queryOnly);
        await server.ProblemAsync(HttpMethod.Post, "/schema", queryOnly, Seed("x"), HttpStatusCode.Forbidden, "scope_forbidden");
        await server.ProblemAsync(Patch, "/schema/inventory.on_hand", queryOnly, new { unit = "x" }, HttpStatusCode.Forbidden, "scope_forbidden");
        await server.ProblemAsync(HttpMethod.Delete, "/schema/inventory.on_hand", queryOnly, null, HttpStatusCode.Forbidden, "scope_forbidden");
    }

    [Fact]
    public async Task The_tenant_path_form_serves_the_same_registry()
    {
        var key = await server.NewAdminTenantAsync();
        await server.RegisterAsync(key, Seed());

        using var response = await server.SendAsync(HttpMethod.Get, $"/v1/tenants/{key.Tenant}/telemetry/schema/inventory.on_hand", key.Key);

        Assert.Equal(1, (await Api.JsonAsync(response, HttpStatusCode.OK)).GetProperty("version").GetInt32());
    }
}
