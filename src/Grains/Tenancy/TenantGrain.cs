using System.Collections.Immutable;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Telemetry.Hosting;
using Telemetry.Schema;

namespace Telemetry.Tenancy;

/// <summary>
/// A tenant's keys (created with the plaintext handed out once, listed, revoked), its schema settings,
/// normalization rules, metric catalog and series count against its limit.
/// </summary>
public sealed partial class TenantGrain(
    [PersistentState("tenant", TelemetryStorage.Name)] IPersistentState<TenantState> state,
    IOptions<CardinalityOptions> cardinality,
    TimeProvider time) : Grain, ITenantGrain
{
    async Task<CreatedApiKey> ITenantGrain.CreateKeyAsync(string name, ApiKeyScope scopes, DateTimeOffset? expiresAt)
    {
        var (id, secret, plaintext) = ApiKeySecret.Generate();
        var info = new ApiKeyInfo(id, this.GetPrimaryKeyString(), name, scopes, time.GetUtcNow(), expiresAt);
        var salt = RandomNumberGenerator.GetBytes(16);
        await GrainFactory.GetGrain<IApiKeyGrain>(id).InitializeAsync(new ApiKeyCredential(info, salt, ApiKeySecret.Hash(salt, secret)));

        state.State.Keys[id] = info;
        await state.WriteStateAsync();
        return new CreatedApiKey(info, plaintext);
    }

    Task<ImmutableArray<ApiKeyInfo>> ITenantGrain.ListKeysAsync() =>
        Task.FromResult(state.State.Keys.Values.OrderBy(k => k.CreatedAt).ToImmutableArray());

    async Task<bool> ITenantGrain.DeleteKeyAsync(string keyId)
    {
        if (!state.State.Keys.ContainsKey(keyId))
        {
            return false;
        }

        await GrainFactory.GetGrain<IApiKeyGrain>(keyId).RevokeAsync();
        state.State.Keys.Remove(keyId);
        await state.WriteStateAsync();
        return true;
    }
}
