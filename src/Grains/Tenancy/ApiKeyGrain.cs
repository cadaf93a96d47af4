using System.Security.Cryptography;
using Telemetry.Hosting;

namespace Telemetry.Tenancy;

/// <summary>Verifies one key's secret against its salted hash; expired and revoked keys never verify.</summary>
public sealed class ApiKeyGrain(
    [PersistentState("apikey", TelemetryStorage.Name)] IPersistentState<ApiKeyState> state,
    TimeProvider time) : Grain, IApiKeyGrain
{
    async Task IApiKeyGrain.InitializeAsync(ApiKeyCredential credential)
    {
        if (state.State.Credential is not null)
        {
            throw new InvalidOperationException($"Key {credential.Info.Id} already exists.");
        }

        state.State.Credential = credential;
        await state.WriteStateAsync();
    }

    Task<ApiKeyInfo?> IApiKeyGrain.VerifyAsync(string secret)
    {
        var credential = state.State.Credential;
        if (credential is null || state.State.Revoked || credential.Info.ExpiresAt <= time.GetUtcNow())
        {
            return Task.FromResult<ApiKeyInfo?>(null);
        }

        var matches = CryptographicOperations.FixedTimeEquals(ApiKeySecret.Hash(credential.Salt, secret), credential.SecretHash);
        return Task.FromResult(matches ? credential.Info : null);
    }

    async Task IApiKeyGrain.RevokeAsync()
    {
        state.State.Revoked = true;
        await state.WriteStateAsync();
    }
}
