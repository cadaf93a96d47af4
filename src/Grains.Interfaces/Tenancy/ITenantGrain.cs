using System.Collections.Immutable;

namespace Telemetry.Tenancy;

/// <summary>One per tenant: the tenant's API keys (their descriptions; secrets live hashed in <see cref="IApiKeyGrain"/>).</summary>
[Alias("Telemetry.Tenancy.ITenantGrain")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>Creates a key; the plaintext is in the answer and nowhere else.</summary>
    [Alias("CreateKey")]
    Task<CreatedApiKey> CreateKeyAsync(string name, ApiKeyScope scopes, DateTimeOffset? expiresAt);

    /// <summary>The tenant's live keys.</summary>
    [Alias("ListKeys")]
    Task<ImmutableArray<ApiKeyInfo>> ListKeysAsync();

    /// <summary>Revokes a key of this tenant; false when the tenant has no such key.</summary>
    [Alias("DeleteKey")]
    Task<bool> DeleteKeyAsync(string keyId);
}
