using Telemetry.Streams;

namespace Telemetry.Api.Streaming;

/// <summary>
/// A stream as the API shows it. <c>connection</c> carries the connect URLs and a fresh connect token;
/// <c>delivery.secret</c> is shown only when it was generated or set by this request.
/// </summary>
public sealed record StreamResponse(
    string Id,
    string Name,
    StreamFilterResponse Filter,
    string Transport,
    string Emit,
    StreamDeliveryResponse? Delivery,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Revision,
    StreamConnectionInfo Connection,
    StreamFeedStats? Stats = null)
{
    public static StreamResponse From(StreamDefinition definition, StreamConnectionInfo connection, string? shownSecret = null, StreamFeedStats? stats = null)
    {
        var spec = definition.Spec;
        var filter = spec.Filter;
        return new StreamResponse(
            definition.Id,
            spec.Name,
            new StreamFilterResponse(
                filter.Metric,
                filter.Condition is { } op ? StreamConditionText.Format(op) : null,
                filter.Threshold,
                filter.Dimensions.ToDictionary(d => d.Key, d => d.Value.ToArray(), StringComparer.Ordinal)),
            StreamTransports.Name(spec.Transport),
            spec.Emit == StreamEmit.Crossing ? "crossing" : "every",
            spec.Webhook is { } webhook ? new StreamDeliveryResponse(webhook.Url, shownSecret) : null,
            definition.CreatedAt,
            definition.UpdatedAt,
            definition.Revision,
            connection,
            stats);
    }
}

/// <summary>The filter as stored: each dimension key with its list of accepted values.</summary>
public sealed record StreamFilterResponse(string Metric, string? Condition, double? Threshold, Dictionary<string, string[]> Dimensions);

/// <summary>A webhook stream's target; the secret only when this request generated or set it.</summary>
public sealed record StreamDeliveryResponse(string Url, string? Secret);

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

/// <summary>Body of <c>GET /streams</c>.</summary>
public sealed record StreamListResponse(StreamResponse[] Streams);

/// <summary>Body of <c>POST /streams/{id}/test</c>: the test event as subscribers got it.</summary>
public sealed record StreamTestResponse(string StreamId, string EventId, bool Test, int Subscribers);
