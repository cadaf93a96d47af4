using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Telemetry.Api.Audit;
using Telemetry.Api.Auth;
using Telemetry.Api.Hosting;
using Telemetry.Api.Problems;
using Telemetry.Api.Schema;
using Telemetry.Api.Wire;
using Telemetry.Schema;
using Telemetry.Tenancy;

namespace Telemetry.Api.Tenancy;

/// <summary>
/// The tenant's series limits. Any admin may read them; only the platform admin (the bootstrap key) may
/// change them, so that a tenant cannot raise its own limits.
/// </summary>
public static class QuotasApi
{
    private const string PerTenant = "max_series_per_tenant";
    private const string PerMetric = "max_series_per_metric";

    public static void MapQuotasApi(this RouteGroupBuilder group, ApiRoutes routes)
    {
        group.MapGet("/quotas", GetAsync)
            .Named(routes, "GetQuotas", "The tenant's effective series limits, its series count and new series refused by the limits")
            .WithTags("Quotas")
            .RequireScope(ApiKeyScope.Admin);

        group.MapPatch("/quotas", UpdateAsync)
            .Named(routes, "UpdateQuotas", "Override the tenant's series limits (platform admin only); null restores the configured default")
            .DocumentBody<QuotasRequest, RouteHandlerBuilder>()
            .WithTags("Quotas")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireScope(ApiKeyScope.Admin);
    }

    public static async Task<Ok<QuotasResponse>> GetAsync(HttpContext context, IGrainFactory grains, IOptions<CardinalityLimitOptions> limits)
    {
        var tenant = grains.GetGrain<ITenantGrain>(context.Caller().TenantId);
        return TypedResults.Ok(QuotasResponse.From(await tenant.GetSettingsAsync(), await tenant.GetCardinalityAsync(), limits.Value));
    }

    public static async Task<Results<Ok<QuotasResponse>, ProblemHttpResult>> UpdateAsync(
        HttpContext context, IGrainFactory grains, SchemaViewCache views, AuditTrail audit, IOptions<CardinalityLimitOptions> limits,
        CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        if (!caller.IsPlatformAdmin)
        {
            return Problem.Forbidden("platform_admin_required", "Only the platform administrator (the bootstrap key) may change a tenant's quotas.");
        }

        // Absent leaves a limit as it is and null restores its default, so the body is read as a JSON object.
        var (body, problem) = await JsonBody.ReadAsync<JsonObject>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!body!.ContainsKey(PerTenant) && !body.ContainsKey(PerMetric))
        {
            return Problem.BadRequest("invalid_quota", $"Name '{PerTenant}' and/or '{PerMetric}': a positive number, or null for the default.");
        }

        var tenant = grains.GetGrain<ITenantGrain>(caller.TenantId);
        var current = await tenant.GetSettingsAsync();
        var (perTenant, tenantError) = Read(body, PerTenant, current.MaxSeriesPerTenant);
        var (perMetric, metricError) = Read(body, PerMetric, current.MaxSeriesPerMetric);
        if ((tenantError ?? metricError) is { } error)
        {
            return Problem.BadRequest("invalid_quota", error);
        }

        var updated = await tenant.SetLimitsAsync(perTenant, perMetric);
        views.InvalidateTenant(caller.TenantId);
        var before = new QuotasRequest(current.MaxSeriesPerTenant, current.MaxSeriesPerMetric);
        var after = new QuotasRequest(updated.MaxSeriesPerTenant, updated.MaxSeriesPerMetric);
        if (before != after)
        {
            await audit.RecordAsync(caller, AuditActions.QuotasUpdate, caller.TenantId, before, after);
        }

        return TypedResults.Ok(QuotasResponse.From(updated, await tenant.GetCardinalityAsync(), limits.Value));
    }

    private static (int? Value, string? Error) Read(JsonObject body, string name, int? current)
    {
        if (!body.TryGetPropertyValue(name, out var node))
        {
            return (current, null);
        }

        if (node is null)
        {
            return (null, null);
        }

        return node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var limit) && limit > 0
            ? (limit, null)
            : (null, $"'{name}' must be a positive whole number of series (at most {int.MaxValue}), or null for the configured default.");
    }
}

/// <summary>
/// Body of <c>PATCH /quotas</c>, and the overrides recorded in the audit log (null: the configured default).
/// An absent field is left as it is; null restores the default.
/// </summary>
public sealed record QuotasRequest(int? MaxSeriesPerTenant, int? MaxSeriesPerMetric);

/// <summary>
/// Body of <c>GET/PATCH /quotas</c>: the effective limits (overrides or configured defaults; the tenant limit as the
/// tenant grain enforces it) and the tenant's usage.
/// </summary>
public sealed record QuotasResponse(long MaxSeriesPerTenant, long MaxSeriesPerMetric, long SeriesCount, long RejectedSeries)
{
    public static QuotasResponse From(TenantSettings settings, TenantCardinality cardinality, CardinalityLimitOptions defaults) =>
        new(
            cardinality.SeriesLimit,
            settings.MaxSeriesPerMetric ?? defaults.MaxSeriesPerMetric,
            cardinality.SeriesCount,
            cardinality.RejectedSeries);
}
