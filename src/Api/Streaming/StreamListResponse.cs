namespace Telemetry.Api.Streaming;

/// <summary>Body of <c>GET /streams</c>.</summary>
public sealed record StreamListResponse(StreamResponse[] Streams);
