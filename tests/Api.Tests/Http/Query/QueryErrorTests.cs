using System.Net;
using Xunit;

namespace Telemetry.Api.Tests.Http.Query;

/// <summary>Bad query parameters are 400 with a stable code; queries past the limits are 422.</summary>
[Collection(ServerCollection.Name)]
public sealed class QueryErrorTests(TelemetryServer server)
{
    [Theory]
    [InlineData("granularity", "5x", "invalid_granularity")]
    [InlineData("granularity", "0m", "invalid_granularity")]
    [InlineData("aggregation", "p42", "invalid_aggregation")]
    [InlineData("rollup", "median", "invalid_rollup")]
    [InlineData("timezone", "Mars/Olympus_Mons", "unknown_timezone")]
    [InlineData("fill", "linear", "invalid_fill")]
    [InlineData("metric", "1-starts-with-a-digit", "invalid_metric")]
    [InlineData("start", "yesterday", "invalid_time")]
    [InlineData("group_by", "bad key", "invalid_group_by")]
    public async Task A_bad_parameter_is_400_in_the_body_and_in_the_query_string(string name, string value, string code)
    {
        var key = await server.NewTenantAsync();
        var fields = new Dictionary<string, string> { ["metric"] = "dock.temp", ["start"] = "now-1h", ["end"] = "now", [name] = value };

        using var post = await server.QueryAsync(key, fields);
        await Api.ProblemAsync(post, HttpStatusCode.BadRequest, code);

        var query = string.Join("&", fields.Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}"));
        using var get = await server.SendAsync(HttpMethod.Get, $"{TelemetryServer.Base}/query?{query}", key.Key, key.Tenant);
        await Api.ProblemAsync(get, HttpStatusCode.BadRequest, code);
    }

    [Theory]
    [InlineData("now-1h", "now-2h")]
    [InlineData("now", "now")]
    public async Task An_end_not_after_the_start_is_400_invalid_time_range(string start, string end)
    {
        var key = await server.NewTenantAsync();

        using var response = await server.QueryAsync(key, new { metric = "dock.temp", start, end });

        await Api.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_time_range");
    }

    [Fact]
    public async Task A_missing_metric_is_400_invalid_metric()
    {
        var key = await server.NewTenantAsync();

        using var response = await server.QueryAsync(key, new { start = "now-1h" });

        await Api.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_metric");
    }

    [Theory]
    [InlineData("{\"metric\":", "invalid_json")]
    [InlineData("[1,2]", "invalid_query")]
    [InlineData("{\"metric\":\"m\",\"start\":5}", "invalid_query")]
    [InlineData("{\"metric\":\"m\",\"filters\":[\"a\"]}", "invalid_query")]
    public async Task A_malformed_body_is_400(string body, string code)
    {
        var key = await server.NewTenantAsync();
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await server.SendAsync(HttpMethod.Post, $"{TelemetryServer.Base}/query", key.Key, key.Tenant, content);

        await Api.ProblemAsync(response, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task A_filter_without_a_colon_in_the_query_string_is_400()
    {
        var key = await server.NewTenantAsync();

        using var response = await server.SendAsync(HttpMethod.Get, $"{TelemetryServer.Base}/query?metric=dock.temp&filter=loc", key.Key, key.Tenant);

        await Api.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_query");
    }

    [Fact]
    public async Task A_range_longer_than_400_days_is_422_span_too_large()
    {
        var key = await server.NewTenantAsync();

        using var response = await server.QueryAsync(key, new { metric = "dock.temp", start = "now-401d", end = "now", granularity = "1d" });

        await Api.ProblemAsync(response, (HttpStatusCode)422, "span_too_large");
    }

    [Fact]
    public async Task More_than_20000_buckets_is_422_too_many_points()
    {
        // One day of 1s buckets: 86,400 > 20,000.
        var key = await server.NewTenantAsync();

        using var response = await server.QueryAsync(key, new { metric = "dock.temp", start = "now-1d", end = "now", granularity = "1s" });

        await Api.ProblemAsync(response, (HttpStatusCode)422, "too_many_points");
    }

    [Fact]
    public async Task A_query_body_over_1_MiB_is_413()
    {
        var key = await server.NewTenantAsync();
        var body = "{\"metric\":\"dock.temp\",\"filters\":{\"loc\":[" + string.Join(",", Enumerable.Repeat("\"abcdefghij\"", 100_000)) + "]}}";
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await server.SendAsync(HttpMethod.Post, $"{TelemetryServer.Base}/query", key.Key, key.Tenant, content);

        await Api.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body_too_large");
    }

    [Fact]
    public async Task A_query_announcing_a_body_larger_than_the_server_takes_is_413_not_500()
    {
        // Content-Length 31 MiB: past Kestrel's own 30 MB default, which must not turn into a 500.
        var key = await server.NewTenantAsync();

        var response = await RawHttp.PostAsync(
            server.Client.BaseAddress!,
            $"{TelemetryServer.Base}/query",
            [("Authorization", $"Bearer {key.Key}"), ("X-Tenant-ID", key.Tenant), ("Content-Type", "application/json")],
            new MemoryStream("{\"metric\":\"dock.temp\"}"u8.ToArray()),
            31L * 1024 * 1024);

        Assert.True(response.Status == 413, response.Head + "\n\n" + response.Body);
        var problem = System.Text.Json.JsonDocument.Parse(response.Body).RootElement;
        Assert.Equal("body_too_large", problem.GetProperty("code").GetString());
    }
}
