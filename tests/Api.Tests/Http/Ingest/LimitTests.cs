using System.Net;
using System.Text;
using Xunit;

namespace Telemetry.Api.Tests.Http.Ingest;

/// <summary>Configured limits (<see cref="LimitedTelemetryServer"/>): body size, records per request, hot window, query span and points.</summary>
[Collection(LimitedServerCollection.Name)]
public sealed class LimitTests(LimitedTelemetryServer server)
{
    private readonly DateTimeOffset _t0 = Api.RecentBase(alignMinutes: 10, minutesBack: 20);

    [Fact]
    public async Task A_body_over_the_configured_size_is_413_and_stores_nothing()
    {
        var key = await server.NewTenantAsync();
        // 60 records of about 80 bytes: 5 KB > 4,096 bytes (and only the byte limit applies: 60 is checked later).
        var body = Api.Array([.. Enumerable.Range(0, 60).Select(i => Api.Record("dock.temp", i, _t0.AddSeconds(i)))]);
        Assert.True(Encoding.UTF8.GetByteCount(body) > LimitedTelemetryServer.MaxBodyBytes);

        using var response = await server.IngestAsync(key, body);

        await Api.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body_too_large");
        Assert.Empty(Api.Series(await QueryAsync(key)));
    }

    [Fact]
    public async Task A_chunked_body_over_the_configured_size_is_413()
    {
        var key = await server.NewTenantAsync();
        var body = Encoding.UTF8.GetBytes(Api.Array([.. Enumerable.Range(0, 300).Select(i => Api.Record("dock.temp", i, _t0.AddSeconds(i)))]));

        var response = await RawHttp.PostAsync(
            server.Client.BaseAddress!,
            $"{TelemetryServer.Base}/ingest",
            [("Authorization", $"Bearer {key.Key}"), ("X-Tenant-ID", key.Tenant), ("Content-Type", "application/json")],
            new MemoryStream(body),
            contentLength: null);

        Assert.True(response.Status == 413, response.Head + "\n\n" + response.Body);
        Assert.Equal("body_too_large", System.Text.Json.JsonDocument.Parse(response.Body).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_body_at_the_configured_size_is_accepted()
    {
        var key = await server.NewTenantAsync();
        var body = Api.Array(Api.Record("dock.temp", 1, _t0));
        body = body.Insert(body.Length - 1, new string(' ', LimitedTelemetryServer.MaxBodyBytes - Encoding.UTF8.GetByteCount(body)));
        Assert.Equal(LimitedTelemetryServer.MaxBodyBytes, Encoding.UTF8.GetByteCount(body));

        using var response = await server.IngestAsync(key, body);

        Assert.Equal(1, (await Api.JsonAsync(response, HttpStatusCode.Accepted)).GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task More_records_than_configured_is_413_too_many_records()
    {
        var key = await server.NewTenantAsync();
        var body = Api.Array([.. Enumerable.Range(0, LimitedTelemetryServer.MaxRecordsPerRequest + 1).Select(i => Api.Record("dock.temp", i, _t0.AddSeconds(i)))]);

        using var response = await server.IngestAsync(key, body);

        await Api.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "too_many_records");
        Assert.Empty(Api.Series(await QueryAsync(key)));
    }

    [Fact]
    public async Task Exactly_the_configured_number_of_records_is_accepted()
    {
        var key = await server.NewTenantAsync();
        var body = Api.Array([.. Enumerable.Range(0, LimitedTelemetryServer.MaxRecordsPerRequest).Select(i => Api.Record("dock.temp", i, _t0.AddSeconds(i)))]);

        using var response = await server.IngestAsync(key, body);

        Assert.Equal(LimitedTelemetryServer.MaxRecordsPerRequest, (await Api.JsonAsync(response, HttpStatusCode.Accepted)).GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task Samples_older_than_the_configured_hot_window_are_too_old()
    {
        // Telemetry:Series:HotWindow is one hour here: a sample 90 minutes old is refused, one 20 minutes old is not.
        var key = await server.NewTenantAsync();

        using var response = await server.IngestAsync(key, Api.Array(
            Api.Record("dock.temp", 1, DateTimeOffset.UtcNow.AddMinutes(-90)),
            Api.Record("dock.temp", 2, _t0)));

        var result = await Api.JsonAsync(response, HttpStatusCode.Accepted);
        Assert.Equal(1, result.GetProperty("accepted").GetInt32());
        Assert.Equal(["0:too_old"], Api.ErrorCodes(result));
    }

    [Fact]
    public async Task A_range_past_the_configured_span_is_422_span_too_large()
    {
        var key = await server.NewTenantAsync();

        using var response = await server.QueryAsync(key, new { metric = "dock.temp", start = "now-3d", end = "now", granularity = "1d" });

        await Api.ProblemAsync(response, (HttpStatusCode)422, "span_too_large");
    }

    [Fact]
    public async Task More_buckets_than_configured_is_422_too_many_points()
    {
        // 2h of 1m buckets: 120 > 100.
        var key = await server.NewTenantAsync();

        using var response = await server.QueryAsync(key, new { metric = "dock.temp", start = "now-2h", end = "now", granularity = "1m" });

        await Api.ProblemAsync(response, (HttpStatusCode)422, "too_many_points");
    }

    [Fact]
    public async Task More_groups_times_buckets_than_configured_is_422_too_many_points()
    {
        // 6 groups × 10 buckets = 60 points > 50 (each group alone is within 100 buckets).
        var key = await server.NewTenantAsync();
        await server.IngestOkAsync(key, Api.Array([.. Enumerable.Range(0, 5).Select(i => Api.Record("dock.temp", i, _t0, new { door = $"d{i}" }))]));
        await server.IngestOkAsync(key, Api.Array(Api.Record("dock.temp", 9, _t0, new { door = "d9" })));

        using var response = await server.QueryAsync(key, new
        {
            metric = "dock.temp", start = Api.Utc(_t0), end = Api.Utc(_t0.AddMinutes(10)), granularity = "1m", group_by = "door",
        });

        await Api.ProblemAsync(response, (HttpStatusCode)422, "too_many_points");
    }

    private Task<System.Text.Json.JsonElement> QueryAsync(TenantKey key) => server.QueryOkAsync(key, new
    {
        metric = "dock.temp", start = Api.Utc(_t0), end = Api.Utc(_t0.AddMinutes(10)), granularity = "10m", aggregation = "count",
    });
}
