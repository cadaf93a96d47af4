using System.Collections.Immutable;
using Telemetry.Schema;
using Telemetry.Series;
using Telemetry.Tenancy;

namespace Telemetry.Api.Schema;

/// <summary>Reads a tenant's metrics from their metric grains (schema listing, dimensions, diagnostics).</summary>
public static class TenantMetrics
{
    public static IMetricGrain Grain(IGrainFactory grains, string tenantId, string metric) =>
        grains.GetGrain<IMetricGrain>(SeriesKey.ForMetric(tenantId, metric));

    public static Task<ImmutableArray<string>> NamesAsync(IGrainFactory grains, string tenantId) =>
        grains.GetGrain<ITenantGrain>(tenantId).ListMetricsAsync();

    /// <summary>The current schema of each metric that has one, in name order.</summary>
    public static async Task<MetricSchema[]> SchemasAsync(IGrainFactory grains, string tenantId)
    {
        var names = await NamesAsync(grains, tenantId);
        var schemas = await Task.WhenAll(names.Select(name => Grain(grains, tenantId, name).GetSchemaAsync(null)));
        return [.. schemas.OfType<MetricSchema>()];
    }

    /// <summary>The status of each named metric that has a schema, in the order given.</summary>
    public static async Task<MetricStatus[]> StatusesAsync(IGrainFactory grains, string tenantId, IEnumerable<string> names, TenantSettings settings)
    {
        var statuses = await Task.WhenAll(names.Select(name => Grain(grains, tenantId, name).GetStatusAsync(settings)));
        return [.. statuses.Where(s => s.Schema is not null)];
    }
}
