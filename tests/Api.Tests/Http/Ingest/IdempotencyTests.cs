using System.Net;
using Xunit;

namespace Telemetry.Api.Tests.Http.Ingest;

/// <summary>
/// Idempotency-Key. The records carry no timestamp, so each store stamps them with the server's clock:
/// storing a resend would add a second sample at another instant and show as count 2.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class IdempotencyTests(TelemetryServer server)
{
    private const string Metric = "orders.picked";
    private static readonly string Body = Api.Array(
        Api.Record(Metric, 1, timestamp: null, new { site = "north" }),
        Api.Record(Metric, 2, timestamp: null, new { site = "south" }));

    [Fact]
    public async Task A_resend_replays_the_first_response_and_stores_nothing_twice()
    {
        var key = await server.NewTenantAsync();
        var idempotencyKey = Guid.NewGuid().ToString();

        using var first = await server.IngestAsync(key, Body, idempotencyKey);
        var firstText = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));

        await Task.Delay(20); // a stored resend would be stamped with a later instant
        using var second = await server.IngestAsync(key, Body, idempotencyKey);
        var secondText = await second.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(["true"], second.Headers.GetValues("Idempotent-Replayed"));
        Assert.Equal(firstText, secondText);
        var body = await Api.JsonAsync(second, HttpStatusCode.Accepted);
        Assert.StartsWith("ing_", body.GetProperty("ingestion_id").GetString());
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());

        // Two series, one sample each: count 2 over everything.
        Assert.Equal(2, await CountAsync(key));
    }

    [Fact]
    public async Task The_same_body_with_another_key_is_stored_again()
    {
        // The control for the test above: without the replay, a resend does show as a second sample per series.
        var key = await server.NewTenantAsync();

        using var first = await server.IngestAsync(key, Body, Guid.NewGuid().ToString());
        await Task.Delay(20);
        using var second = await server.IngestAsync(key, Body, Guid.NewGuid().ToString());

        var firstBody = await Api.JsonAsync(first, HttpStatusCode.Accepted);
        var secondBody = await Api.JsonAsync(second, HttpStatusCode.Accepted);
        Assert.False(second.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(firstBody.GetProperty("ingestion_id").GetString(), secondBody.GetProperty("ingestion_id").GetString());
        Assert.Equal(4, await CountAsync(key));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused()
    {
        var key = await server.NewTenantAsync();
        var idempotencyKey = Guid.NewGuid().ToString();
        using var first = await server.IngestAsync(key, Body, idempotencyKey);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);

        using var other = await server.IngestAsync(key, Api.Array(Api.Record(Metric, 99, timestamp: null)), idempotencyKey);

        await Api.ProblemAsync(other, (HttpStatusCode)422, "idempotency_key_reused");
        Assert.Equal(2, await CountAsync(key));
    }

    [Fact]
    public async Task Keys_are_per_tenant()
    {
        // Tenant B using A's Idempotency-Key value is a new request for B, not a replay of A's answer.
        var a = await server.NewTenantAsync();
        var b = await server.NewTenantAsync();
        var idempotencyKey = Guid.NewGuid().ToString();

        using var first = await server.IngestAsync(a, Body, idempotencyKey);
        using var second = await server.IngestAsync(b, Body, idempotencyKey);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.False(second.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, await CountAsync(a));
        Assert.Equal(2, await CountAsync(b));
    }

    [Fact]
    public async Task A_refused_first_request_is_replayed_as_the_same_problem()
    {
        var key = await server.NewTenantAsync();
        var idempotencyKey = Guid.NewGuid().ToString();
        var invalid = Api.Array(Api.Record("9-not-a-metric", 1, timestamp: null));

        using var first = await server.IngestAsync(key, invalid, idempotencyKey);
        var firstText = await first.Content.ReadAsStringAsync();
        using var second = await server.IngestAsync(key, invalid, idempotencyKey);

        await Api.ProblemAsync(second, HttpStatusCode.BadRequest, "no_valid_records");
        Assert.Equal(["true"], second.Headers.GetValues("Idempotent-Replayed"));
        Assert.Equal(firstText, await second.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("tab\there")]
    public async Task An_invalid_key_is_refused(string idempotencyKey)
    {
        var key = await server.NewTenantAsync();

        using var response = await server.IngestAsync(key, Body, idempotencyKey);

        await Api.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_idempotency_key");
        Assert.Equal(0, await CountAsync(key));
    }

    [Fact]
    public async Task A_key_longer_than_255_characters_is_refused()
    {
        var key = await server.NewTenantAsync();

        using var response = await server.IngestAsync(key, Body, new string('k', 256));

        await Api.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_idempotency_key");
    }

    /// <summary>Samples of the metric in the last quarter hour, over all series.</summary>
    private async Task<int> CountAsync(TenantKey key)
    {
        var result = await server.QueryOkAsync(key, new
        {
            metric = Metric,
            start = "now-15m",
            end = "now+1m",
            granularity = "1h",
            aggregation = "count",
            fill = "none",
        });
        return (int)Api.Series(result).SelectMany(Api.Values).Sum(v => v ?? 0);
    }
}
