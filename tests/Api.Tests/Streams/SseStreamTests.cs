using System.Net;
using Telemetry.Api.Tests.Http;
using Xunit;

namespace Telemetry.Api.Tests.Http.Streams;

[Collection(StreamsServerCollection.Name)]
public sealed class SseStreamTests(StreamsServer server)
{
    private const string Base = TelemetryServer.Base;

    [Fact]
    public async Task A_low_stock_sample_reaches_an_sse_client_connected_with_a_connect_token()
    {
        var key = await server.NewTenantAsync();
        var stream = await server.CreateLowStockStreamAsync(key);
        var id = stream.GetProperty("id").GetString()!;
        await using var sse = await SseClient.ConnectAsync(server.Client, stream.GetProperty("connection").GetProperty("browser_url").GetString()!);
        Assert.Equal("*", Assert.Single(sse.Headers.GetValues("Access-Control-Allow-Origin")));

        await server.IngestOnHandAsync(key, "loc_2", ("SKU-OK", 50), ("SKU-LOW", 7));
        await server.IngestOnHandAsync(key, "loc_9", ("SKU-ELSEWHERE", 1));

        var message = await sse.NextAsync("match");
        var e = message.Json;
        Assert.Equal(message.Id, e.GetProperty("id").GetString());
        Assert.Equal(id, e.GetProperty("stream_id").GetString());
        Assert.Equal("inventory.on_hand", e.GetProperty("metric").GetString());
        Assert.Equal("SKU-LOW", e.GetProperty("dimensions").GetProperty("sku").GetString());
        Assert.Equal("loc_2", e.GetProperty("dimensions").GetProperty("location_id").GetString());
        Assert.Equal(7, e.GetProperty("value").GetDouble());
        Assert.True(DateTimeOffset.TryParse(e.GetProperty("timestamp").GetString(), out _));
        Assert.Equal("<", e.GetProperty("matched").GetProperty("condition").GetString());
        Assert.Equal(10, e.GetProperty("matched").GetProperty("threshold").GetDouble());
        Assert.False(e.GetProperty("test").GetBoolean());

        // The test event comes after, so nothing else (50 at loc_2, 1 at loc_9) came in between.
        using var test = await server.SendAsync(HttpMethod.Post, $"{Base}/streams/{id}/test", key.Key, key.Tenant);
        await Api.JsonAsync(test, HttpStatusCode.Accepted);
        var next = await sse.NextAsync("test");
        Assert.True(next.Json.GetProperty("test").GetBoolean());
        Assert.Equal("test", next.Json.GetProperty("type").GetString());
        Assert.DoesNotContain(sse.Received(), m => m.Event == "match");
    }

    [Fact]
    public async Task Crossing_emits_only_when_the_condition_starts_or_stops_holding()
    {
        var key = await server.NewTenantAsync();
        var stream = await server.CreateLowStockStreamAsync(key, emit: "crossing");
        await using var sse = await SseClient.ConnectAsync(server.Client, stream.GetProperty("connection").GetProperty("browser_url").GetString()!);

        var t0 = Api.RecentBase(alignMinutes: 1, minutesBack: 10);
        double[] values = [50, 8, 6, 4, 12, 30, 9];
        await server.IngestOkAsync(key, Api.Array([.. values.Select((v, i) => Api.Record("inventory.on_hand", v, t0.AddSeconds(i), new { sku = "SKU-X", location_id = "loc_1" }))]));

        var entered = (await sse.NextAsync("match")).Json;
        var left = (await sse.NextAsync("match")).Json;
        var again = (await sse.NextAsync("match")).Json;
        Assert.Equal((8.0, "entered"), (entered.GetProperty("value").GetDouble(), entered.GetProperty("matched").GetProperty("crossing").GetString()));
        Assert.Equal((12.0, "left"), (left.GetProperty("value").GetDouble(), left.GetProperty("matched").GetProperty("crossing").GetString()));
        Assert.Equal((9.0, "entered"), (again.GetProperty("value").GetDouble(), again.GetProperty("matched").GetProperty("crossing").GetString()));
    }

    [Fact]
    public async Task Last_event_id_resumes_from_the_replay_buffer()
    {
        var key = await server.NewTenantAsync();
        var stream = await server.CreateLowStockStreamAsync(key);
        var url = stream.GetProperty("connection").GetProperty("browser_url").GetString()!;
        string firstId;
        await using (var first = await SseClient.ConnectAsync(server.Client, url))
        {
            await server.IngestOnHandAsync(key, "loc_1", ("SKU-1", 1));
            firstId = (await first.NextAsync("match")).Id!;
        }

        // Missed while disconnected; the first connection still holds the feed's subscription for a moment, which is harmless.
        await server.IngestOnHandAsync(key, "loc_1", ("SKU-2", 2));
        await server.IngestOnHandAsync(key, "loc_1", ("SKU-3", 3));
        await WaitForEventsAsync(key, stream.GetProperty("id").GetString()!, 3);

        await using var resumed = await SseClient.ConnectAsync(server.Client, url, lastEventId: firstId);
        var a = await resumed.NextAsync("match");
        var b = await resumed.NextAsync("match");
        Assert.Equal(["SKU-2", "SKU-3"], new[] { a, b }.Select(m => m.Json.GetProperty("dimensions").GetProperty("sku").GetString()!));
        Assert.True(long.Parse(a.Id!) > long.Parse(firstId) && long.Parse(b.Id!) > long.Parse(a.Id!));

        // An id older than the buffer says so with a reset event before the replay.
        await using var tooOld = await SseClient.ConnectAsync(server.Client, url, lastEventId: "1");
        Assert.Equal("replay_gap", (await tooOld.NextAsync("reset")).Json.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_tenant_b_connection_never_sees_tenant_a_events()
    {
        var a = await server.NewTenantAsync();
        var b = await server.NewTenantAsync();
        var streamA = await server.CreateLowStockStreamAsync(a);
        var streamB = await server.CreateLowStockStreamAsync(b);
        await using var sseA = await SseClient.ConnectAsync(server.Client, streamA.GetProperty("connection").GetProperty("browser_url").GetString()!);
        await using var sseB = await SseClient.ConnectAsync(server.Client, streamB.GetProperty("connection").GetProperty("browser_url").GetString()!);

        await server.IngestOnHandAsync(a, "loc_1", ("SKU-A", 1));
        Assert.Equal("SKU-A", (await sseA.NextAsync("match")).Json.GetProperty("dimensions").GetProperty("sku").GetString());

        // B's own event arrives after A's was delivered; nothing of A's came before it.
        await server.IngestOnHandAsync(b, "loc_1", ("SKU-B", 2));
        Assert.Equal("SKU-B", (await sseB.NextAsync("match")).Json.GetProperty("dimensions").GetProperty("sku").GetString());
        Assert.DoesNotContain(sseB.Received(), m => m.Event == "match");

        // B cannot reach A's stream: not with its key, nor with A's token under B's name.
        var idA = streamA.GetProperty("id").GetString()!;
        using var withKey = await SseClient.SendAsync(server.Client, $"{Base}/ws/connect?stream_id={idA}", b.Key, b.Tenant);
        await Api.ProblemAsync(withKey, HttpStatusCode.NotFound, "stream_not_found");
        var tokenA = streamA.GetProperty("connection").GetProperty("connect_token").GetString()!;
        using var asB = await SseClient.SendAsync(server.Client, $"{Base}/ws/connect?stream_id={idA}&token={tokenA}", tenant: b.Tenant);
        await Api.ProblemAsync(asB, HttpStatusCode.Forbidden, "tenant_forbidden");
        var idB = streamB.GetProperty("id").GetString()!;
        using var otherStream = await SseClient.SendAsync(server.Client, $"{Base}/ws/connect?stream_id={idB}&token={tokenA}");
        await Api.ProblemAsync(otherStream, HttpStatusCode.Forbidden, "token_scope");
    }

    [Fact]
    public async Task A_bad_token_is_401_and_a_plain_get_is_406()
    {
        var key = await server.NewTenantAsync();
        var stream = await server.CreateLowStockStreamAsync(key);
        var id = stream.GetProperty("id").GetString()!;
        var token = stream.GetProperty("connection").GetProperty("connect_token").GetString()!;

        using var forged = await SseClient.SendAsync(server.Client, $"{Base}/ws/connect?stream_id={id}&token={token[..^2]}xx");
        await Api.ProblemAsync(forged, HttpStatusCode.Unauthorized, "unauthorized");
        using var plain = await server.SendAsync(HttpMethod.Get, $"{Base}/ws/connect?stream_id={id}", key.Key, key.Tenant);
        await Api.ProblemAsync(plain, HttpStatusCode.NotAcceptable, "not_acceptable");
        using var missing = await SseClient.SendAsync(server.Client, $"{Base}/ws/connect", key.Key, key.Tenant);
        await Api.ProblemAsync(missing, HttpStatusCode.BadRequest, "invalid_stream_id");
    }

    [Fact]
    public async Task Idle_connections_get_heartbeats()
    {
        var key = await server.NewTenantAsync();
        var stream = await server.CreateLowStockStreamAsync(key);
        await using var sse = await SseClient.ConnectAsync(server.Client, stream.GetProperty("connection").GetProperty("url").GetString()!, key.Key, key.Tenant);
        while ((await sse.NextAsync("comment")).Comment != "heartbeat")
        {
        }
    }

    [Fact]
    public async Task A_slow_consumer_is_cut_with_a_reason_and_ingest_is_not_held_up()
    {
        var key = await server.NewTenantAsync();
        var stream = await server.CreateLowStockStreamAsync(key);
        await using var sse = await SseClient.ConnectAsync(server.Client, stream.GetProperty("connection").GetProperty("browser_url").GetString()!);

        // One burst of twice the connection buffer: the hub queues without waiting, so the queue overflows and the
        // connection is cut; the ingest itself is acknowledged as usual.
        var t0 = Api.RecentBase(alignMinutes: 1, minutesBack: 10);
        var burst = Enumerable.Range(0, 2 * StreamsServer.ConnectionBufferSize)
            .Select(i => Api.Record("inventory.on_hand", 1, t0.AddSeconds(i), new { sku = "SKU-BURST", location_id = "loc_1" }));
        await server.IngestOkAsync(key, Api.Array([.. burst]));

        var all = await sse.ReadToEndAsync();
        var closed = Assert.Single(all, m => m.Event == "closed");
        Assert.Equal("slow_consumer", closed.Json.GetProperty("code").GetString());
        Assert.True(all.Count(m => m.Event == "match") <= StreamsServer.ConnectionBufferSize);
    }

    [Fact]
    public async Task Connections_past_the_tenant_limit_get_429()
    {
        var key = await server.NewTenantAsync();
        var url = (await server.CreateLowStockStreamAsync(key)).GetProperty("connection").GetProperty("browser_url").GetString()!;
        var open = new List<SseClient>();
        try
        {
            for (var i = 0; i < StreamsServer.MaxConnectionsPerTenant; i++)
            {
                open.Add(await SseClient.ConnectAsync(server.Client, url));
            }

            using var refused = await SseClient.SendAsync(server.Client, url);
            await Api.ProblemAsync(refused, HttpStatusCode.TooManyRequests, "too_many_connections");
            Assert.NotNull(refused.Headers.RetryAfter);

            // Another tenant is not affected.
            var other = await server.NewTenantAsync();
            await using var fine = await SseClient.ConnectAsync(server.Client, (await server.CreateLowStockStreamAsync(other)).GetProperty("connection").GetProperty("browser_url").GetString()!);
        }
        finally
        {
            foreach (var client in open)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Deleting_a_stream_closes_its_connections()
    {
        var key = await server.NewTenantAsync();
        var stream = await server.CreateLowStockStreamAsync(key);
        await using var sse = await SseClient.ConnectAsync(server.Client, stream.GetProperty("connection").GetProperty("browser_url").GetString()!);
        using var delete = await server.SendAsync(HttpMethod.Delete, $"{Base}/streams/{stream.GetProperty("id").GetString()}", key.Key, key.Tenant);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal("stream_deleted", (await sse.NextAsync("closed")).Json.GetProperty("code").GetString());
    }

    /// <summary>Waits until the stream's feed has numbered <paramref name="count"/> events (polling its stats).</summary>
    private async Task WaitForEventsAsync(TenantKey key, string streamId, int count)
    {
        for (var i = 0; i < 300; i++)
        {
            using var get = await server.SendAsync(HttpMethod.Get, $"{Base}/streams/{streamId}", key.Key, key.Tenant);
            if ((await Api.JsonAsync(get, HttpStatusCode.OK)).GetProperty("stats").GetProperty("events").GetInt64() >= count)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The feed of {streamId} did not reach {count} events.");
    }
}
