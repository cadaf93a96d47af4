using System.Collections.Immutable;
using Telemetry.Schema;

namespace Telemetry.Tenancy;

/// <summary>One per tenant: the tenant's API keys (their descriptions; secrets live hashed in <see cref="IApiKeyGrain"/>).</summary>
[Alias("Telemetry.Tenancy.ITenantGrain")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>Creates a key; the plaintext is in the answer and nowhere else.</summary>
    [Alias("CreateKey")]
    Task<CreatedApiKey> CreateKeyAsync(string name, ApiKeyScope scopes, DateTimeOffset? expiresAt);

    /// <summary>The tenant's keys that were not revoked; expired ones stay listed with their <c>expires_at</c>.</summary>
    [Alias("ListKeys")]
    Task<ImmutableArray<ApiKeyInfo>> ListKeysAsync();

    /// <summary>Revokes a key of this tenant; false when the tenant has no such key.</summary>
    [Alias("DeleteKey")]
    Task<bool> DeleteKeyAsync(string keyId);

    /// <summary>Enforcement mode, limit overrides and the normalization rules' version.</summary>
    [Alias("GetSettings")]
    Task<TenantSettings> GetSettingsAsync();

    /// <summary>Sets the tenant's default enforcement mode.</summary>
    [Alias("SetMode")]
    Task<TenantSettings> SetModeAsync(EnforcementMode mode);

    /// <summary>Overrides the tenant's series limits; null restores the configured default.</summary>
    [Alias("SetLimits")]
    Task<TenantSettings> SetLimitsAsync(int? maxSeriesPerTenant, int? maxSeriesPerMetric);

    /// <summary>The current normalization rules.</summary>
    [Alias("GetNormalization")]
    Task<NormalizationRuleSet> GetNormalizationAsync();

    /// <summary>Adds a rule (its id and time are assigned here) and returns the new rule set.</summary>
    [Alias("AddNormalizationRule")]
    Task<NormalizationRuleSet> AddNormalizationRuleAsync(NormalizationRule rule);

    /// <summary>Removes a rule; null when there is no such rule.</summary>
    [Alias("DeleteNormalizationRule")]
    Task<NormalizationRuleSet?> DeleteNormalizationRuleAsync(string ruleId);

    /// <summary>Reserves room for new series under the tenant's limit; returns how many were granted.</summary>
    [Alias("ReserveSeries")]
    Task<int> ReserveSeriesAsync(int count);

    /// <summary>The tenant's series count and limit.</summary>
    [Alias("GetCardinality")]
    Task<TenantCardinality> GetCardinalityAsync();

    /// <summary>Records that the tenant has a metric (for listing).</summary>
    [Alias("AddMetric")]
    Task AddMetricAsync(string metric);

    /// <summary>The tenant's metric names, sorted.</summary>
    [Alias("ListMetrics")]
    Task<ImmutableArray<string>> ListMetricsAsync();
}
