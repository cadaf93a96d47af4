namespace Telemetry.Tenancy;

/// <summary>One per key id: the salted hash of the key's secret, used to authenticate requests.</summary>
[Alias("Telemetry.Tenancy.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>Stores the credential of a new key.</summary>
    [Alias("Initialize")]
    Task InitializeAsync(ApiKeyCredential credential);

    /// <summary>The key's description when the secret matches and the key is neither expired nor revoked.</summary>
    [Alias("Verify")]
    Task<ApiKeyInfo?> VerifyAsync(string secret);

    /// <summary>Revokes the key for good.</summary>
    [Alias("Revoke")]
    Task RevokeAsync();
}
