namespace Telemetry.Api.Streaming;

/// <summary>Body of <c>GET /capabilities</c>.</summary>
public sealed record CapabilitiesResponse(StreamCapabilities Streams);
