namespace Telemetry.Api.Streaming;

/// <summary>
/// How to connect: <c>url</c> (SSE with <c>Accept: text/event-stream</c>), <c>websocket_url</c>, and
/// <c>browser_url</c> (SSE with the connect token in the query, for <c>EventSource</c>). The token is scoped to this
/// stream and valid for connecting until <c>connect_token_expires_at</c>.
/// </summary>
public sealed record StreamConnectionInfo(
    string Url,
    string WebsocketUrl,
    string BrowserUrl,
    string ConnectToken,
    DateTimeOffset ConnectTokenExpiresAt,
    TimeSpan HeartbeatInterval);
