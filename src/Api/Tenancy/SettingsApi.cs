using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Telemetry.Api.Audit;
using Telemetry.Api.Auth;
using Telemetry.Api.Hosting;
using Telemetry.Api.Problems;
using Telemetry.Api.Schema;
using Telemetry.Api.Wire;
using Telemetry.Schema;
using Telemetry.Tenancy;

namespace Telemetry.Api.Tenancy;

/// <summary>The tenant's schema settings: its default enforcement mode (a metric's own <c>mode</c> overrides it). Admin scope.</summary>
public static class SettingsApi
{
    public static void MapSettingsApi(this RouteGroupBuilder group, ApiRoutes routes)
    {
        group.MapGet("/settings", GetAsync)
            .Named(routes, "GetSettings", "The tenant's default schema mode (lenient or strict)")
            .WithTags("Settings")
            .RequireScope(ApiKeyScope.Admin);

        group.MapPatch("/settings", UpdateAsync)
            .Named(routes, "UpdateSettings", "Set the tenant's default schema mode; metrics with their own mode keep it")
            .DocumentBody<SettingsRequest, RouteHandlerBuilder>()
            .WithTags("Settings")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireScope(ApiKeyScope.Admin);
    }

    public static async Task<Ok<SettingsResponse>> GetAsync(HttpContext context, IGrainFactory grains) =>
        TypedResults.Ok(SettingsResponse.From(await grains.GetGrain<ITenantGrain>(context.Caller().TenantId).GetSettingsAsync()));

    public static async Task<Results<Ok<SettingsResponse>, ProblemHttpResult>> UpdateAsync(
        HttpContext context, IGrainFactory grains, SchemaViewCache views, AuditTrail audit, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync<SettingsRequest>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!SchemaNames.TryParseMode(request!.SchemaMode, out var mode))
        {
            return Problem.BadRequest("invalid_settings", $"'schema_mode' must be {SchemaNames.ModeList}.");
        }

        var caller = context.Caller();
        var tenant = grains.GetGrain<ITenantGrain>(caller.TenantId);
        var before = SettingsResponse.From(await tenant.GetSettingsAsync());
        var after = SettingsResponse.From(await tenant.SetModeAsync(mode));
        views.InvalidateTenant(caller.TenantId);
        if (before != after)
        {
            await audit.RecordAsync(caller, AuditActions.SettingsUpdate, caller.TenantId, before, after);
        }

        return TypedResults.Ok(after);
    }
}

/// <summary>Body of <c>PATCH /settings</c>.</summary>
public sealed record SettingsRequest(string? SchemaMode);

/// <summary>Body of <c>GET/PATCH /settings</c>.</summary>
public sealed record SettingsResponse(EnforcementMode SchemaMode)
{
    public static SettingsResponse From(TenantSettings settings) => new(settings.Mode);
}
