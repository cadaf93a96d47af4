namespace Telemetry.Notifications;

/// <summary>Bound from <c>Telemetry:Outbound</c>: what webhooks (alert channels, stream deliveries) may reach and how they retry.</summary>
public sealed class OutboundOptions
{
    public const string Section = "Telemetry:Outbound";

    /// <summary>
    /// Hosts that may be reached even though they resolve to loopback, private, link-local or metadata addresses.
    /// An entry matches the target's host name as written in the URL, or (when it is an IP literal) a resolved address.
    /// Empty by default.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>How long one attempt (connect, send, response headers) may take before it counts as failed and is retried.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts per delivery, the first one included.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait before the second attempt; it doubles per attempt (with jitter) up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between attempts; a <c>Retry-After</c> asking for longer ends the delivery.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);
}
