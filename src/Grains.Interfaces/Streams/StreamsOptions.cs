namespace Telemetry.Streams;

/// <summary>Bound from <c>Telemetry:Streams</c> on every silo: the limits of live subscriptions.</summary>
public sealed class StreamsOptions
{
    public const string Section = "Telemetry:Streams";

    /// <summary>Events a stream keeps for clients resuming with <c>Last-Event-ID</c>.</summary>
    public int ReplayBufferSize { get; set; } = 1000;

    /// <summary>Events queued for one connection; a connection whose queue is full is cut (<c>slow_consumer</c>).</summary>
    public int ConnectionBufferSize { get; set; } = 1000;

    /// <summary>Open SSE and WebSocket connections per tenant on one silo; past it connect answers 429.</summary>
    public int MaxConnectionsPerTenant { get; set; } = 1000;

    /// <summary>Streams a tenant may define.</summary>
    public int MaxStreamsPerTenant { get; set; } = 100;

    /// <summary>How often an idle connection gets a heartbeat (SSE comment, WebSocket ping).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a connect token (for browsers' EventSource, which cannot send headers) may be used to connect.</summary>
    public TimeSpan ConnectTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often each silo checks its tenants' stream definitions for changes.</summary>
    public TimeSpan DefinitionRefreshInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Webhook events waiting for delivery per stream; past it the oldest are dropped (and counted).</summary>
    public int WebhookQueueSize { get; set; } = 1000;

    /// <summary>How often the in-memory stream provider's pulling agents look for new events (Local mode).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(10);
}
