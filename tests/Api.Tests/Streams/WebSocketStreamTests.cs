using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Telemetry.Api.Tests.Http.Streams;

[Collection(StreamsServerCollection.Name)]
public sealed class WebSocketStreamTests(StreamsServer server)
{
    [Fact]
    public async Task A_websocket_client_with_a_bearer_key_receives_the_matching_event()
    {
        var key = await server.NewTenantAsync();
        var stream = await server.CreateLowStockStreamAsync(key, transport: "websocket");
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {key.Key}");
        socket.Options.SetRequestHeader("X-Tenant-ID", key.Tenant);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(new Uri(stream.GetProperty("connection").GetProperty("websocket_url").GetString()!), timeout.Token);

        await server.IngestOnHandAsync(key, "loc_2", ("SKU-WS", 4), ("SKU-FULL", 400));

        var e = await NextAsync(socket, "match", timeout.Token);
        Assert.Equal(stream.GetProperty("id").GetString(), e.GetProperty("stream_id").GetString());
        Assert.Equal("SKU-WS", e.GetProperty("dimensions").GetProperty("sku").GetString());
        Assert.Equal(4, e.GetProperty("value").GetDouble());

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
    }

    [Fact]
    public async Task A_websocket_client_with_a_connect_token_gets_test_events_and_heartbeats()
    {
        var key = await server.NewTenantAsync();
        var stream = await server.CreateLowStockStreamAsync(key, transport: "websocket");
        var connection = stream.GetProperty("connection");
        var url = connection.GetProperty("websocket_url").GetString() + "&token=" + Uri.EscapeDataString(connection.GetProperty("connect_token").GetString()!);
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(new Uri(url), timeout.Token);

        await NextAsync(socket, "heartbeat", timeout.Token);
        using var test = await server.SendAsync(HttpMethod.Post, $"{TelemetryServer.Base}/streams/{stream.GetProperty("id").GetString()}/test", key.Key, key.Tenant);
        var e = await NextAsync(socket, "test", timeout.Token);
        Assert.True(e.GetProperty("test").GetBoolean());
    }

    [Fact]
    public async Task A_websocket_that_falls_behind_is_told_why_and_closed_with_policy_violation()
    {
        var key = await server.NewTenantAsync();
        var stream = await server.CreateLowStockStreamAsync(key, transport: "websocket");
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {key.Key}");
        socket.Options.SetRequestHeader("X-Tenant-ID", key.Tenant);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(new Uri(stream.GetProperty("connection").GetProperty("websocket_url").GetString()!), timeout.Token);

        // A burst of twice the connection buffer at once overflows its queue.
        var t0 = Api.RecentBase(alignMinutes: 1, minutesBack: 10);
        await server.IngestOkAsync(key, Api.Array([.. Enumerable.Range(0, 2 * StreamsServer.ConnectionBufferSize)
            .Select(i => Api.Record("inventory.on_hand", 1, t0.AddSeconds(i), new { sku = "SKU-BURST", location_id = "loc_1" }))]));

        var closed = await NextAsync(socket, "closed", timeout.Token);
        Assert.Equal("slow_consumer", closed.GetProperty("code").GetString());
        var buffer = new byte[1024];
        var end = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal(WebSocketMessageType.Close, end.MessageType);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
    }

    /// <summary>The next message whose <c>type</c> is <paramref name="type"/>; others are skipped.</summary>
    private static async Task<JsonElement> NextAsync(ClientWebSocket socket, string type, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, cancellationToken);
                Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            var json = JsonDocument.Parse(Encoding.UTF8.GetString(message.ToArray())).RootElement.Clone();
            if (json.GetProperty("type").GetString() == type)
            {
                return json;
            }
        }
    }
}
