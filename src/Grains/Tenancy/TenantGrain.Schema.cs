using System.Collections.Immutable;
using System.Security.Cryptography;
using Telemetry.Schema;

namespace Telemetry.Tenancy;

public sealed partial class TenantGrain
{
    private long SeriesLimit => state.State.MaxSeriesPerTenant ?? cardinality.Value.MaxSeriesPerTenant;

    Task<TenantSettings> ITenantGrain.GetSettingsAsync() => Task.FromResult(Settings());

    async Task<TenantSettings> ITenantGrain.SetModeAsync(EnforcementMode mode)
    {
        state.State.Mode = mode;
        await state.WriteStateAsync();
        return Settings();
    }

    async Task<TenantSettings> ITenantGrain.SetLimitsAsync(int? maxSeriesPerTenant, int? maxSeriesPerMetric)
    {
        state.State.MaxSeriesPerTenant = maxSeriesPerTenant;
        state.State.MaxSeriesPerMetric = maxSeriesPerMetric;
        await state.WriteStateAsync();
        return Settings();
    }

    Task<NormalizationRuleSet> ITenantGrain.GetNormalizationAsync() => Task.FromResult(state.State.Normalization);

    async Task<NormalizationRuleSet> ITenantGrain.AddNormalizationRuleAsync(NormalizationRule rule)
    {
        var current = state.State.Normalization;
        var added = rule with { Id = "rule_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)), CreatedAt = time.GetUtcNow() };
        state.State.Normalization = new NormalizationRuleSet(current.Version + 1, current.Rules.Add(added));
        await state.WriteStateAsync();
        return state.State.Normalization;
    }

    async Task<NormalizationRuleSet?> ITenantGrain.DeleteNormalizationRuleAsync(string ruleId)
    {
        var current = state.State.Normalization;
        var remaining = current.Rules.RemoveAll(r => r.Id == ruleId);
        if (remaining.Length == current.Rules.Length)
        {
            return null;
        }

        state.State.Normalization = new NormalizationRuleSet(current.Version + 1, remaining);
        await state.WriteStateAsync();
        return state.State.Normalization;
    }

    async Task<int> ITenantGrain.ReserveSeriesAsync(int count)
    {
        var granted = (int)Math.Clamp(SeriesLimit - state.State.SeriesCount, 0, count);
        state.State.SeriesCount += granted;
        state.State.RejectedSeries += count - granted;
        await state.WriteStateAsync();
        return granted;
    }

    Task<TenantCardinality> ITenantGrain.GetCardinalityAsync() =>
        Task.FromResult(new TenantCardinality(state.State.SeriesCount, SeriesLimit, state.State.RejectedSeries));

    async Task ITenantGrain.AddMetricAsync(string metric)
    {
        if (state.State.Metrics.Add(metric))
        {
            await state.WriteStateAsync();
        }
    }

    Task<ImmutableArray<string>> ITenantGrain.ListMetricsAsync() => Task.FromResult(state.State.Metrics.ToImmutableArray());

    private TenantSettings Settings() =>
        new(state.State.Mode, state.State.MaxSeriesPerTenant, state.State.MaxSeriesPerMetric, state.State.Normalization.Version);
}
