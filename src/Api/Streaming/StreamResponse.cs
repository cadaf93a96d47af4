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
