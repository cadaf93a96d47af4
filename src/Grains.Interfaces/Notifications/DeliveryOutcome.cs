namespace Telemetry.Notifications;

/// <summary>How a webhook delivery ended.</summary>
[GenerateSerializer]
public enum DeliveryOutcome
{
    /// <summary>The receiver answered 2xx.</summary>
    Delivered = 0,

    /// <summary>The receiver answered with a status that retrying cannot change (3xx, 4xx other than 429).</summary>
    Rejected = 1,

    /// <summary>Every attempt failed (5xx, 429, timeout, connection error), or a <c>Retry-After</c> asked for longer than the longest backoff.</summary>
    GaveUp = 2,

    /// <summary>The target is not an http(s) URL or resolves to an address the outbound guard refuses; nothing was sent.</summary>
    Refused = 3,
}
