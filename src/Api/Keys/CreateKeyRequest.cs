namespace Telemetry.Api.Keys;

/// <summary>Body of <c>POST /keys</c>: <c>{"name","scopes":["ingest","query","admin"],"expires_in":"90d"}</c>.</summary>
public sealed record CreateKeyRequest(string? Name, string[]? Scopes, string? ExpiresIn);
