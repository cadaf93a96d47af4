using System.Net;
using Xunit;

namespace Telemetry.Api.Tests.Http.Ingest;

/// <summary>POST /ingest/validate gives the verdicts ingest would give and stores nothing.</summary>
[Collection(ServerCollection.Name)]
public sealed class ValidateTests(TelemetryServer server)
{
    private const string Metric = "dock.temp";
    private readonly DateTimeOffset _t0 = Api.RecentBase();

    [Fact]
    public async Task Mixed_body_gets_200_with_the_verdicts_and_nothing_is_stored()
    {
        var key = await server.NewTenantAsync();
        var body = Api.Array(
            Api.Record(Metric, 1, _t0),
            Api.Record(Metric, 2, DateTimeOffset.UtcNow.AddHours(-7)),
            Api.Record(Metric, 3, _t0.AddMinutes(1), new { door = "d1" }));

        using var response = await ValidateAsync(key, body);

        var result = await Api.JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(2, result.GetProperty("accepted").GetInt32());
        Assert.Equal(1, result.GetProperty("rejected").GetInt32());
        Assert.Equal(["1:too_old"], Api.ErrorCodes(result));
        Assert.Empty(Api.Series(await QueryAsync(key)));

        // The same body through ingest gets the same counts and codes, and is stored.
        using var ingest = await server.IngestAsync(key, body);
        var ingested = await Api.JsonAsync(ingest, HttpStatusCode.Accepted);
        Assert.Equal(2, ingested.GetProperty("accepted").GetInt32());
        Assert.Equal(["1:too_old"], Api.ErrorCodes(ingested));
        Api.EqualValues([4], Api.Values(Api.OnlySeries(await QueryAsync(key))));
    }

    [Fact]
    public async Task Nothing_valid_is_400_no_valid_records()
    {
        var key = await server.NewTenantAsync();

        using var response = await ValidateAsync(key, Api.Array(Api.Record("1bad", 1, _t0), """{"metric":"ok","value":true}"""));

        var problem = await Api.ProblemAsync(response, HttpStatusCode.BadRequest, "no_valid_records");
        Assert.Equal(["0:invalid_metric", "1:invalid_value"], Api.ErrorCodes(problem));
    }

    [Theory]
    [InlineData("", "empty_body")]
    [InlineData("[{", "invalid_json")]
    public async Task A_malformed_body_is_400(string body, string code)
    {
        var key = await server.NewTenantAsync();

        using var response = await ValidateAsync(key, body);

        await Api.ProblemAsync(response, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task A_type_conflict_with_the_stored_metric_is_reported_like_ingest_reports_it()
    {
        var key = await server.NewTenantAsync();
        await server.IngestOkAsync(key, Api.Array(Api.Record(Metric, 1, _t0, new { door = "d1" }, "gauge")));

        using var only = await ValidateAsync(key, Api.Array(Api.Record(Metric, 5, _t0, new { door = "d2" }, "counter")));
        var problem = await Api.ProblemAsync(only, HttpStatusCode.BadRequest, "no_valid_records");
        Assert.Equal(["0:type_conflict"], Api.ErrorCodes(problem));

        using var mixed = await ValidateAsync(key, Api.Array(
            Api.Record(Metric, 5, _t0, new { door = "d2" }, "counter"),
            Api.Record(Metric, 6, _t0, new { door = "d3" }, "gauge")));
        var result = await Api.JsonAsync(mixed, HttpStatusCode.OK);
        Assert.Equal(["0:type_conflict"], Api.ErrorCodes(result));

        // Still only door d1 stored.
        var query = await server.QueryOkAsync(key, new
        {
            metric = Metric, start = Api.Utc(_t0), end = Api.Utc(_t0.AddMinutes(5)), granularity = "5m", aggregation = "sum", group_by = "door",
        });
        Assert.Equal(["door=d1"], Api.Series(query).Select(Api.Group).ToArray());
    }

    [Fact]
    public async Task Validating_a_new_metric_does_not_fix_its_type()
    {
        var key = await server.NewTenantAsync();

        using var validate = await ValidateAsync(key, Api.Array(Api.Record(Metric, 1, _t0, type: "counter")));
        Assert.Equal(HttpStatusCode.OK, validate.StatusCode);

        // Nothing was registered: the metric can still become a gauge.
        await server.IngestOkAsync(key, Api.Array(Api.Record(Metric, 1, _t0, type: "gauge")));
    }

    [Fact]
    public async Task Validate_needs_the_ingest_scope()
    {
        var key = await server.NewTenantAsync("query");

        using var response = await ValidateAsync(key, Api.Array(Api.Record(Metric, 1, _t0)));

        await Api.ProblemAsync(response, HttpStatusCode.Forbidden, "scope_forbidden");
    }

    private Task<HttpResponseMessage> ValidateAsync(TenantKey key, string body) =>
        server.SendAsync(HttpMethod.Post, $"{TelemetryServer.Base}/ingest/validate", key.Key, key.Tenant,
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

    private Task<System.Text.Json.JsonElement> QueryAsync(TenantKey key) => server.QueryOkAsync(key, new
    {
        metric = Metric, start = Api.Utc(_t0), end = Api.Utc(_t0.AddMinutes(5)), granularity = "5m", aggregation = "sum",
    });
}
