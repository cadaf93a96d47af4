using Telemetry.Ingest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Telemetry.Api.Auth;
using Telemetry.Api.Hosting;
using Telemetry.Api.Schema;
using Telemetry.Tenancy;

namespace Telemetry.Api.Diagnostics;

/// <summary>
/// <c>GET /diagnostics</c> (admin): the tenant's cardinality (usage of its series limit, the dimensions with
/// the most distinct values, every warning) and the state of the ingest path.
/// </summary>
public static class DiagnosticsApi
{
    public const int HotSpotCount = 20;

    public static void MapDiagnosticsApi(this RouteGroupBuilder group, ApiRoutes routes)
    {
        group.MapGet("/diagnostics", GetAsync)
            .Named(routes, "Diagnostics", "Cardinality usage, hot spots and warnings of the tenant; ingest lag")
            .WithTags("Diagnostics")
            .RequireScope(ApiKeyScope.Admin);
    }

    public static async Task<Ok<DiagnosticsResponse>> GetAsync(
        HttpContext context, IGrainFactory grains, SchemaViewCache views, IOptions<CardinalityLimitOptions> limits)
    {
        var tenantId = context.Caller().TenantId;
        var tenant = await views.GetTenantAsync(tenantId);
        var cardinality = await grains.GetGrain<ITenantGrain>(tenantId).GetCardinalityAsync();
        var statuses = await TenantMetrics.StatusesAsync(grains, tenantId, await TenantMetrics.NamesAsync(grains, tenantId), tenant.Settings);

        var ratio = cardinality.SeriesLimit > 0 ? (double)cardinality.SeriesCount / cardinality.SeriesLimit : 0;
        var warnings = new List<string>();
        if (ratio >= limits.Value.WarningRatio)
        {
            warnings.Add($"The tenant has {cardinality.SeriesCount} series, {100 * ratio:0}% of its limit of {cardinality.SeriesLimit} series.");
        }

        if (cardinality.RejectedSeries > 0)
        {
            warnings.Add($"{cardinality.RejectedSeries} new series were refused by the tenant's series limit.");
        }

        warnings.AddRange(statuses.SelectMany(s => s.Warnings));
        var hotSpots = statuses
            .SelectMany(s => s.Dimensions.Select(d => new HotSpot(s.Schema!.Name, d.Key, d.DistinctEstimate, s.SeriesCount, s.SeriesLimit)))
            .OrderByDescending(h => h.DistinctEstimate)
            .ThenBy(h => h.Metric, StringComparer.Ordinal)
            .ThenBy(h => h.Dimension, StringComparer.Ordinal)
            .Take(HotSpotCount)
            .ToArray();

        return TypedResults.Ok(new DiagnosticsResponse(
            new CardinalityDiagnostics(new TenantUsage(cardinality.SeriesCount, cardinality.SeriesLimit, Math.Round(ratio, 4)), hotSpots, [.. warnings]),
            IngestDiagnostics.From(await grains.GetGrain<IIngestGatewayGrain>(0).GetStatusAsync())));
    }
}

public sealed record DiagnosticsResponse(CardinalityDiagnostics Cardinality, IngestDiagnostics Ingest);

public sealed record CardinalityDiagnostics(TenantUsage Tenant, HotSpot[] HotSpots, string[] Warnings);

public sealed record TenantUsage(long SeriesCount, long SeriesLimit, double UsageRatio);

/// <summary>A dimension of a metric with many distinct values, with the metric's series against its limit.</summary>
public sealed record HotSpot(string Metric, string Dimension, long DistinctEstimate, int SeriesCount, int SeriesLimit);

/// <summary>
/// This silo's write path: samples are acknowledged once in the write-ahead log and applied to the
/// series grains behind it; the lag is the number of acknowledged log entries not yet applied.
/// </summary>
public sealed record IngestDiagnostics(
    string Mode,
    long AcknowledgedSequence,
    long AppliedSequence,
    long ApplyLagEntries,
    long ReplayedEntries,
    double BatchesPerSeriesCall)
{
    public static IngestDiagnostics From(WritePathStatus status) => new(
        "write_ahead_log",
        status.AcknowledgedSequence,
        status.AppliedSequence,
        status.AcknowledgedSequence - status.AppliedSequence,
        status.ReplayedEntries,
        status.SeriesCalls == 0 ? 0 : Math.Round((double)status.BatchesApplied / status.SeriesCalls, 2));
}
