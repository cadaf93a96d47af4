using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Telemetry.Schema;
using Telemetry.Series;
using Telemetry.Tenancy;

namespace Telemetry.Api.Schema;

/// <summary>
/// This silo's copy of what ingest checks per record: each tenant's settings and normalization rules,
/// and each metric's schema with the series known to be admitted. Copies older than
/// <see cref="SchemaOptions.CacheTtl"/> are refreshed from the grains, so a sample only costs a metric
/// grain call when its series is new here.
/// </summary>
public sealed class SchemaViewCache(IGrainFactory grains, IOptions<SchemaOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, TenantView> _tenants = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Tenant, string Metric), MetricView> _metrics = new();
    private long _lastSweep;

    public sealed record TenantView(TenantSettings Settings, NormalizationRuleSet Rules, DateTimeOffset FetchedAt);

    public sealed class MetricView
    {
        private readonly ConcurrentDictionary<ulong, byte> _admitted = new();

        public MetricSchema? Schema { get; private set; }

        public DateTimeOffset FetchedAt { get; private set; }

        public DateTimeOffset LastUsed { get; set; }

        public bool IsAdmitted(ulong hash) => _admitted.ContainsKey(hash);

        public void MarkAdmitted(ulong hash) => _admitted.TryAdd(hash, 0);

        public void Update(MetricSchema? schema, DateTimeOffset at)
        {
            if (schema is null || Schema is null || schema.Version >= Schema.Version)
            {
                Schema = schema;
            }

            FetchedAt = at;
        }
    }

    public async Task<TenantView> GetTenantAsync(string tenantId)
    {
        var now = time.GetUtcNow();
        if (_tenants.TryGetValue(tenantId, out var view) && now - view.FetchedAt < options.Value.CacheTtl)
        {
            return view;
        }

        var tenant = grains.GetGrain<ITenantGrain>(tenantId);
        var settings = await tenant.GetSettingsAsync();
        var rules = view?.Rules.Version == settings.NormalizationVersion ? view.Rules : await tenant.GetNormalizationAsync();
        view = new TenantView(settings, rules, now);
        _tenants[tenantId] = view;
        return view;
    }

    public async Task<MetricView> GetMetricAsync(string tenantId, string metric)
    {
        var now = time.GetUtcNow();
        SweepIdle(now);
        var view = _metrics.GetOrAdd((tenantId, metric), _ => new MetricView());
        view.LastUsed = now;
        if (now - view.FetchedAt >= options.Value.CacheTtl)
        {
            view.Update(await grains.GetGrain<IMetricGrain>(SeriesKey.ForMetric(tenantId, metric)).GetSchemaAsync(null), now);
        }

        return view;
    }

    /// <summary>Forgets a tenant's cached settings so the next request reads them fresh (after a change made through this silo).</summary>
    public void InvalidateTenant(string tenantId) => _tenants.TryRemove(tenantId, out _);

    /// <summary>Forgets a metric's cached schema (after a change made through this silo).</summary>
    public void InvalidateMetric(string tenantId, string metric) => _metrics.TryRemove((tenantId, metric), out _);

    private void SweepIdle(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _lastSweep);
        if (now.UtcTicks - last < options.Value.IdleEviction.Ticks || Interlocked.CompareExchange(ref _lastSweep, now.UtcTicks, last) != last)
        {
            return;
        }

        foreach (var (key, view) in _metrics)
        {
            if (now - view.LastUsed > options.Value.IdleEviction)
            {
                _metrics.TryRemove(key, out _);
            }
        }
    }
}
