using Telemetry.Tenancy;

namespace Telemetry.Api.Keys;

/// <summary>A key as the API shows it. <see cref="Key"/> is the plaintext and is present only when the key was just created.</summary>
public sealed record KeyResponse(
    string Id,
    string? Key,
    string TenantId,
    string Name,
    string[] Scopes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt)
{
    public static KeyResponse From(ApiKeyInfo info, string? plaintext = null) =>
        new(info.Id, plaintext, info.TenantId, info.Name, KeyScopes.Names(info.Scopes), info.CreatedAt, info.ExpiresAt);
}

/// <summary>Body of <c>GET /keys</c>.</summary>
public sealed record KeyListResponse(KeyResponse[] Keys);
