using System.Net;
using Telemetry.Api.Tests.Http;
using Xunit;

namespace Telemetry.Api.Tests.Http.Streams;

[Collection(StreamsServerCollection.Name)]
public sealed class StreamsApiTests(StreamsServer server)
{
    private const string Base = TelemetryServer.Base;

    [Fact]
    public async Task Create_answers_201_with_the_stream_and_its_connection_details()
    {
        var key = await server.NewTenantAsync();
        var stream = await server.CreateStreamAsync(key, new
        {
            name = "low stock",
            filter = new { metric = "inventory.on_hand", condition = "<", threshold = 10, dimensions = new { location_id = new[] { "loc_1", "loc_2" }, sku = "SKU-1" } },
            transport = "sse",
        });

        var id = stream.GetProperty("id").GetString()!;
        Assert.StartsWith("str_", id);
        Assert.Equal("every", stream.GetProperty("emit").GetString());
        var filter = stream.GetProperty("filter");
        Assert.Equal("<", filter.GetProperty("condition").GetString());
        Assert.Equal(10, filter.GetProperty("threshold").GetDouble());
        Assert.Equal(["loc_1", "loc_2"], filter.GetProperty("dimensions").GetProperty("location_id").EnumerateArray().Select(v => v.GetString()!));
        Assert.Equal(["SKU-1"], filter.GetProperty("dimensions").GetProperty("sku").EnumerateArray().Select(v => v.GetString()!));
        var connection = stream.GetProperty("connection");
        Assert.EndsWith($"/v1/telemetry/ws/connect?stream_id={id}", connection.GetProperty("url").GetString());
        Assert.StartsWith("ws://", connection.GetProperty("websocket_url").GetString());
        Assert.StartsWith("ct1.", connection.GetProperty("connect_token").GetString());
        Assert.Contains("&token=", connection.GetProperty("browser_url").GetString());
    }

    [Fact]
    public async Task Get_list_patch_and_delete_round_trip()
    {
        var key = await server.NewTenantAsync();
        var id = (await server.CreateLowStockStreamAsync(key)).GetProperty("id").GetString()!;

        using (var get = await server.SendAsync(HttpMethod.Get, $"{Base}/streams/{id}", key.Key, key.Tenant))
        {
            var body = await Api.JsonAsync(get, HttpStatusCode.OK);
            Assert.Equal("low stock", body.GetProperty("name").GetString());
            Assert.Equal(JsonValueKindObject, body.GetProperty("stats").ValueKind);
        }

        using (var patch = await server.SendAsync(HttpMethod.Patch, $"{Base}/streams/{id}", key.Key, key.Tenant, Api.Json(new { name = "renamed", emit = "crossing" })))
        {
            var body = await Api.JsonAsync(patch, HttpStatusCode.OK);
            Assert.Equal("renamed", body.GetProperty("name").GetString());
            Assert.Equal("crossing", body.GetProperty("emit").GetString());
            Assert.Equal("<", body.GetProperty("filter").GetProperty("condition").GetString());
            Assert.Equal(2, body.GetProperty("revision").GetInt32());
        }

        using (var list = await server.SendAsync(HttpMethod.Get, $"{Base}/streams", key.Key, key.Tenant))
        {
            var body = await Api.JsonAsync(list, HttpStatusCode.OK);
            Assert.Equal([id], body.GetProperty("streams").EnumerateArray().Select(s => s.GetProperty("id").GetString()!));
        }

        using (var delete = await server.SendAsync(HttpMethod.Delete, $"{Base}/streams/{id}", key.Key, key.Tenant))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        using var gone = await server.SendAsync(HttpMethod.Get, $"{Base}/streams/{id}", key.Key, key.Tenant);
        await Api.ProblemAsync(gone, HttpStatusCode.NotFound, "stream_not_found");
    }

    [Fact]
    public async Task Kafka_is_a_422_naming_the_supported_transports_and_stores_nothing()
    {
        var key = await server.NewTenantAsync();
        using var response = await server.SendAsync(HttpMethod.Post, $"{Base}/streams", key.Key, key.Tenant, Api.Json(new
        {
            name = "to kafka",
            filter = new { metric = "inventory.on_hand" },
            transport = "kafka",
        }));

        var problem = await Api.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "unsupported_transport");
        Assert.Contains("not supported", problem.GetProperty("detail").GetString());
        Assert.Equal(["sse", "websocket", "webhook"], problem.GetProperty("supported_transports").EnumerateArray().Select(t => t.GetString()!));
        using var list = await server.SendAsync(HttpMethod.Get, $"{Base}/streams", key.Key, key.Tenant);
        Assert.Empty((await Api.JsonAsync(list, HttpStatusCode.OK)).GetProperty("streams").EnumerateArray());
    }

    [Fact]
    public async Task Patching_to_an_unsupported_transport_is_a_422_and_changes_nothing()
    {
        var key = await server.NewTenantAsync();
        var id = (await server.CreateLowStockStreamAsync(key)).GetProperty("id").GetString()!;
        using var patch = await server.SendAsync(HttpMethod.Patch, $"{Base}/streams/{id}", key.Key, key.Tenant, Api.Json(new { transport = "kafka", name = "moved" }));
        await Api.ProblemAsync(patch, HttpStatusCode.UnprocessableEntity, "unsupported_transport");

        using var get = await server.SendAsync(HttpMethod.Get, $"{Base}/streams/{id}", key.Key, key.Tenant);
        var stored = await Api.JsonAsync(get, HttpStatusCode.OK);
        Assert.Equal(("sse", "low stock", 1), (stored.GetProperty("transport").GetString(), stored.GetProperty("name").GetString(), stored.GetProperty("revision").GetInt32()));
    }

    [Fact]
    public async Task Capabilities_list_the_supported_transports_and_limits()
    {
        using var response = await server.Client.GetAsync($"{Base}/capabilities");
        var streams = (await Api.JsonAsync(response, HttpStatusCode.OK)).GetProperty("streams");
        Assert.Equal(["sse", "websocket", "webhook"], streams.GetProperty("transports").EnumerateArray().Select(t => t.GetString()!));
        Assert.Equal(["kafka"], streams.GetProperty("unsupported_transports").EnumerateArray().Select(t => t.GetString()!));
        Assert.Equal(StreamsServer.ReplayBufferSize, streams.GetProperty("replay_buffer_size").GetInt32());
        Assert.Equal(StreamsServer.MaxConnectionsPerTenant, streams.GetProperty("max_connections_per_tenant").GetInt32());
    }

    [Theory]
    [InlineData("{\"filter\":{\"metric\":\"m\"},\"transport\":\"sse\"}", "invalid_stream")]
    [InlineData("{\"name\":\"n\",\"transport\":\"sse\"}", "invalid_filter")]
    [InlineData("{\"name\":\"n\",\"filter\":{\"metric\":\"9bad\"},\"transport\":\"sse\"}", "invalid_filter")]
    [InlineData("{\"name\":\"n\",\"filter\":{\"metric\":\"m\",\"condition\":\"<\"},\"transport\":\"sse\"}", "invalid_filter")]
    [InlineData("{\"name\":\"n\",\"filter\":{\"metric\":\"m\",\"condition\":\"~\",\"threshold\":1},\"transport\":\"sse\"}", "invalid_filter")]
    [InlineData("{\"name\":\"n\",\"filter\":{\"metric\":\"m\",\"dimensions\":{\"k\":5}},\"transport\":\"sse\"}", "invalid_filter")]
    [InlineData("{\"name\":\"n\",\"filter\":{\"metric\":\"m\",\"dimensions\":{\"k\":[]}},\"transport\":\"sse\"}", "invalid_filter")]
    [InlineData("{\"name\":\"n\",\"filter\":{\"metric\":\"m\"}}", "invalid_transport")]
    [InlineData("{\"name\":\"n\",\"filter\":{\"metric\":\"m\"},\"transport\":\"sse\",\"emit\":\"crossing\"}", "invalid_emit")]
    [InlineData("{\"name\":\"n\",\"filter\":{\"metric\":\"m\"},\"transport\":\"webhook\"}", "invalid_delivery")]
    [InlineData("{\"name\":\"n\",\"filter\":{\"metric\":\"m\"},\"transport\":\"webhook\",\"delivery\":{\"url\":\"ftp://x\"}}", "invalid_delivery")]
    [InlineData("{\"name\":\"n\",\"filter\":{\"metric\":\"m\"},\"transport\":\"sse\",\"delivery\":{\"url\":\"https://x\"}}", "invalid_delivery")]
    [InlineData("{\"name\":", "invalid_json")]
    public async Task Bad_input_is_a_400_and_stores_nothing(string body, string code)
    {
        var key = await server.NewTenantAsync();
        using var response = await server.SendAsync(HttpMethod.Post, $"{Base}/streams", key.Key, key.Tenant, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await Api.ProblemAsync(response, HttpStatusCode.BadRequest, code);
        using var list = await server.SendAsync(HttpMethod.Get, $"{Base}/streams", key.Key, key.Tenant);
        Assert.Empty((await Api.JsonAsync(list, HttpStatusCode.OK)).GetProperty("streams").EnumerateArray());
    }

    [Fact]
    public async Task Another_tenants_stream_is_not_found_and_cannot_be_changed()
    {
        var a = await server.NewTenantAsync();
        var b = await server.NewTenantAsync();
        var id = (await server.CreateLowStockStreamAsync(a)).GetProperty("id").GetString()!;

        using var get = await server.SendAsync(HttpMethod.Get, $"{Base}/streams/{id}", b.Key, b.Tenant);
        await Api.ProblemAsync(get, HttpStatusCode.NotFound, "stream_not_found");
        using var delete = await server.SendAsync(HttpMethod.Delete, $"{Base}/streams/{id}", b.Key, b.Tenant);
        await Api.ProblemAsync(delete, HttpStatusCode.NotFound, "stream_not_found");
        using var crossTenant = await server.SendAsync(HttpMethod.Get, $"{Base}/streams/{id}", b.Key, a.Tenant);
        await Api.ProblemAsync(crossTenant, HttpStatusCode.Forbidden, "tenant_forbidden");
    }

    [Fact]
    public async Task Streams_need_a_key()
    {
        using var response = await server.SendAsync(HttpMethod.Get, $"{Base}/streams", apiKey: null, TelemetryServer.NewTenant());
        await Api.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    private const System.Text.Json.JsonValueKind JsonValueKindObject = System.Text.Json.JsonValueKind.Object;
}
