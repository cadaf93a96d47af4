namespace Telemetry.Api.Streaming;

/// <summary>What a valid connect token allows: connecting to one stream of one tenant.</summary>
public sealed record ConnectGrant(string TenantId, string StreamId, DateTimeOffset ExpiresAt);
