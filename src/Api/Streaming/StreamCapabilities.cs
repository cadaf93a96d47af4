namespace Telemetry.Api.Streaming;

/// <summary>The live-stream part of <see cref="CapabilitiesResponse"/>.</summary>
public sealed record StreamCapabilities(
    string[] Transports,
    string[] UnsupportedTransports,
    string[] Emit,
    string[] Conditions,
    int ReplayBufferSize,
    int ConnectionBufferSize,
    int MaxConnectionsPerTenant,
    int MaxStreamsPerTenant,
    TimeSpan HeartbeatInterval,
    TimeSpan ConnectTokenLifetime);
