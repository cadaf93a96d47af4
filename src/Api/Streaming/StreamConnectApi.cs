using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Telemetry.Api.Auth;
using Telemetry.Api.Hosting;
using Telemetry.Api.Problems;
using Telemetry.Streams;
using Telemetry.Tenancy;

namespace Telemetry.Api.Streaming;

/// <summary>
/// <c>GET /ws/connect?stream_id=...</c>: Server-Sent Events when the client accepts <c>text/event-stream</c>, a
/// WebSocket when it asks to upgrade. Auth by API key (query scope) or by the stream's connect token in
/// <c>?token=</c>. Resume with <c>Last-Event-ID</c> (header, or <c>?last_event_id=</c>). Idle connections get a heartbeat
/// every <see cref="StreamsOptions.HeartbeatInterval"/>. Also serves <c>GET /ws/viewer</c>, a small page that shows a
/// stream's events in the browser.
/// </summary>
public static class StreamConnectApi
{
    /// <summary>How long a WebSocket the server closes waits for the client's close frame.</summary>
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);

    public static void MapStreamConnectApi(this RouteGroupBuilder group, ApiRoutes routes)
    {
        group.MapGet("/ws/connect", ConnectAsync)
            .Named(routes, "ConnectStream", "Subscribe to a stream: SSE (Accept: text/event-stream) or a WebSocket upgrade; key or connect token")
            .WithTags("Streams")
            .WithMetadata(new ConnectTokenAccepted())
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireScope(ApiKeyScope.Query);

        group.MapGet("/ws/viewer", () => TypedResults.Content(StreamViewerPage.Html, "text/html; charset=utf-8"))
            .Named(routes, "StreamViewer", "A page that shows a stream's events live (give it ?stream_id=...&token=...)")
            .WithTags("Streams");
    }

    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> ConnectAsync(
        HttpContext context, IGrainFactory grains, StreamHub hub, IOptions<StreamsOptions> options, TimeProvider time)
    {
        var caller = context.Caller();
        var streamId = context.Request.Query["stream_id"].ToString();
        if (streamId.Length == 0)
        {
            return Problem.BadRequest("invalid_stream_id", "Name the stream with ?stream_id=<id> (from POST /v1/telemetry/streams).");
        }

        if (context.Features.Get<ConnectGrant>() is { } grant && !string.Equals(grant.StreamId, streamId, StringComparison.Ordinal))
        {
            return Problem.Forbidden("token_scope", "This connect token is for another stream.");
        }

        var lastEventText = context.Request.Headers["Last-Event-ID"].ToString();
        if (lastEventText.Length == 0)
        {
            lastEventText = context.Request.Query["last_event_id"].ToString();
        }

        long? lastEventId = null;
        if (lastEventText.Length > 0)
        {
            if (!long.TryParse(lastEventText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return Problem.BadRequest("invalid_last_event_id", "Last-Event-ID must be the id of an event of this stream.");
            }

            lastEventId = parsed;
        }

        var webSocket = context.WebSockets.IsWebSocketRequest;
        if (!webSocket && !AcceptsEventStream(context.Request))
        {
            return Problem.Create(
                StatusCodes.Status406NotAcceptable,
                "not_acceptable",
                "Connect with 'Accept: text/event-stream' (Server-Sent Events) or as a WebSocket upgrade.");
        }

        if (await grains.GetGrain<IStreamRegistryGrain>(caller.TenantId).GetAsync(streamId) is null)
        {
            return Problem.NotFound("stream_not_found", $"The tenant has no stream '{streamId}'.");
        }

        var connection = await hub.OpenAsync(caller.TenantId, streamId, lastEventId);
        if (connection is null)
        {
            context.Response.Headers.RetryAfter = "5";
            return Problem.Create(
                StatusCodes.Status429TooManyRequests,
                "too_many_connections",
                $"The tenant has {options.Value.MaxConnectionsPerTenant} open stream connections on this server (Telemetry:Streams:MaxConnectionsPerTenant).");
        }

        try
        {
            if (webSocket)
            {
                await ServeWebSocketAsync(context, connection, options.Value.HeartbeatInterval, time);
            }
            else
            {
                await ServeEventStreamAsync(context, connection);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or WebSocketException)
        {
            // The client went away.
        }
        finally
        {
            hub.Close(connection);
        }

        return TypedResults.Empty;
    }

    private static bool AcceptsEventStream(HttpRequest request) =>
        request.Headers.Accept.Any(value => value?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true);

    private static async Task ServeEventStreamAsync(HttpContext context, StreamConnection connection)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-transform";
        response.Headers["X-Accel-Buffering"] = "no"; // nginx: do not buffer the stream
        // Dashboards on other origins may subscribe: the credential is the token in the URL, never a cookie.
        response.Headers.AccessControlAllowOrigin = "*";
        var body = response.BodyWriter;
        var aborted = context.RequestAborted;

        Write(body, $"retry: 3000\n: connected to {connection.StreamId}\n\n");
        if (!connection.ReplayComplete)
        {
            Write(body, "event: reset\ndata: {\"code\":\"replay_gap\",\"detail\":\"Events after Last-Event-ID are no longer buffered; some were missed.\"}\n\n");
        }

        await body.FlushAsync(aborted);
        await foreach (var batch in ReadAsync(connection, aborted))
        {
            foreach (var frame in batch)
            {
                body.Write(frame.Sse);
            }

            await body.FlushAsync(aborted);
        }

        Write(body, $"event: closed\ndata: {ClosedJson(connection)}\n\n");
        await body.FlushAsync(aborted);
    }

    private static async Task ServeWebSocketAsync(HttpContext context, StreamConnection connection, TimeSpan heartbeat, TimeProvider time)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = heartbeat });
        using var closing = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        // Reading is needed to see the client's close; the client has nothing else to say.
        var reading = DrainAsync(socket, closing);
        var aborted = closing.Token;
        if (!connection.ReplayComplete)
        {
            await SendAsync(socket, Encoding.UTF8.GetBytes("{\"type\":\"reset\",\"code\":\"replay_gap\"}"), aborted);
        }

        await foreach (var batch in ReadAsync(connection, aborted))
        {
            foreach (var frame in batch)
            {
                await SendAsync(socket, frame.Json, aborted);
            }
        }

        var requestAborted = context.RequestAborted;
        if (socket.State == WebSocketState.Open && connection.CutReason is not null)
        {
            // Cut by the server: say why, then close.
            await SendAsync(socket, Encoding.UTF8.GetBytes($"{{\"type\":\"closed\",{ClosedJson(connection)[1..]}"), requestAborted);
            var status = connection.CutReason == StreamConnection.SlowConsumer ? WebSocketCloseStatus.PolicyViolation : WebSocketCloseStatus.NormalClosure;
            await socket.CloseOutputAsync(status, connection.CutReason, requestAborted);
        }
        else if (socket.State == WebSocketState.CloseReceived)
        {
            // The client closed: complete the handshake.
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, requestAborted);
        }

        // Let the client's close frame arrive before tearing down (cancelling a receive aborts the socket).
        await Task.WhenAny(reading, Task.Delay(CloseHandshakeTimeout, time));
        await closing.CancelAsync();
        await reading;
    }

    /// <summary>Batches of queued frames (events and heartbeats) as they come; ends when the connection is cut or the client goes away.</summary>
    private static async IAsyncEnumerable<List<StreamFrame>> ReadAsync(
        StreamConnection connection, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken aborted)
    {
        var reader = connection.Events;
        var batch = new List<StreamFrame>();
        while (true)
        {
            bool more;
            try
            {
                more = await reader.WaitToReadAsync(aborted);
            }
            catch (OperationCanceledException)
            {
                more = false; // the client left
            }

            if (!more)
            {
                yield break;
            }

            batch.Clear();
            while (batch.Count < 256 && reader.TryRead(out var frame))
            {
                batch.Add(frame);
            }

            yield return batch;
        }
    }

    private static string ClosedJson(StreamConnection connection)
    {
        var reason = connection.CutReason ?? "closed";
        var detail = reason switch
        {
            StreamConnection.SlowConsumer => "The client did not keep up: its buffer of Telemetry:Streams:ConnectionBufferSize events filled. Reconnect with Last-Event-ID to resume.",
            "stream_deleted" => "The stream was deleted.",
            "server_shutdown" => "The server is shutting down; reconnect with Last-Event-ID.",
            _ => "The connection was closed.",
        };
        return $"{{\"code\":\"{reason}\",\"detail\":\"{detail}\"}}";
    }

    private static void Write(IBufferWriter<byte> body, string text) => body.Write(Encoding.UTF8.GetBytes(text));

    private static Task SendAsync(WebSocket socket, ReadOnlyMemory<byte> message, CancellationToken cancellationToken) =>
        socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).AsTask();

    private static async Task DrainAsync(WebSocket socket, CancellationTokenSource closing)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, closing.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
            // Closing.
        }

        await closing.CancelAsync();
    }
}
