using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Telemetry.Alerts;
using Telemetry.Api.Audit;
using Telemetry.Api.Auth;
using Telemetry.Api.Hosting;
using Telemetry.Api.Problems;
using Telemetry.Api.Wire;
using Telemetry.Tenancy;

namespace Telemetry.Api.Alerts;

/// <summary>
/// Alert rules: create, list, read, change (JSON merge patch), delete, their history, and a test notification.
/// Reading needs the query scope, changing the admin scope. Changes reach the evaluators on every silo within about
/// <c>Telemetry:Alerts:RuleRefreshInterval</c>.
/// </summary>
public static class AlertsApi
{
    public const int DefaultHistoryLimit = 100;
    public const int MaxHistoryLimit = 1000;

    public static void MapAlertsApi(this RouteGroupBuilder group, ApiRoutes routes)
    {
        group.MapGet("/alerts", ListAsync)
            .Named(routes, "ListAlerts", "List the tenant's alert rules")
            .WithTags("Alerts")
            .RequireScope(ApiKeyScope.Query);

        group.MapPost("/alerts", CreateAsync)
            .Named(routes, "CreateAlert", "Create an alert rule: a condition on a metric, its groups, severity, channels and mute window")
            .DocumentBody<JsonObject, RouteHandlerBuilder>()
            .WithTags("Alerts")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireScope(ApiKeyScope.Admin);

        group.MapGet("/alerts/{alertId}", GetAsync)
            .Named(routes, "GetAlert", "One alert rule")
            .WithTags("Alerts")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireScope(ApiKeyScope.Query);

        group.MapPatch("/alerts/{alertId}", UpdateAsync)
            .Named(routes, "UpdateAlert", "Change an alert rule with a JSON merge patch (RFC 7396); 'channels', when given, replaces them all")
            .DocumentBody<JsonObject, RouteHandlerBuilder>()
            .WithTags("Alerts")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireScope(ApiKeyScope.Admin);

        group.MapDelete("/alerts/{alertId}", DeleteAsync)
            .Named(routes, "DeleteAlert", "Delete an alert rule with its incidents and history")
            .WithTags("Alerts")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireScope(ApiKeyScope.Admin);

        group.MapGet("/alerts/{alertId}/history", HistoryAsync)
            .Named(routes, "AlertHistory", "The rule's state changes and deliveries, newest first")
            .DocumentQuery(
                new DocumentedQueryParameter("incident_id", "Only entries of this incident."),
                new DocumentedQueryParameter("limit", $"Entries per page, 1-{MaxHistoryLimit}; default {DefaultHistoryLimit}."),
                new DocumentedQueryParameter("cursor", "next_cursor of the previous page."))
            .WithTags("Alerts")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireScope(ApiKeyScope.Query);

        group.MapPost("/alerts/{alertId}/test", TestAsync)
            .Named(routes, "TestAlert", "Send a test notification, marked as a test, to every channel of the rule")
            .WithTags("Alerts")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireScope(ApiKeyScope.Admin);
    }

    public static async Task<Ok<AlertListResponse>> ListAsync(HttpContext context, IGrainFactory grains)
    {
        var rules = await grains.GetGrain<IAlertRulesGrain>(context.Caller().TenantId).GetRulesAsync();
        return TypedResults.Ok(new AlertListResponse([.. rules.Definitions.Select(AlertResponse.From)]));
    }

    public static async Task<Results<Created<AlertResponse>, ProblemHttpResult>> CreateAsync(
        HttpContext context, IGrainFactory grains, AuditTrail audit, IOptions<AlertOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<JsonObject>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var caller = context.Caller();
        AlertDraft draft;
        try
        {
            draft = AlertRequestReader.Read(body!, options.Value);
        }
        catch (AlertRequestException exception)
        {
            return ProblemOf(exception);
        }

        var now = time.GetUtcNow();
        var definition = new AlertDefinition(
            draft.Rule with { Id = NewId(), TenantId = caller.TenantId },
            draft.Channels,
            now,
            now);
        var created = await grains.GetGrain<IAlertRulesGrain>(caller.TenantId).CreateAsync(definition, options.Value.MaxRulesPerTenant);
        if (created is null)
        {
            return Problem.Unprocessable("alert_limit", $"The tenant already has {options.Value.MaxRulesPerTenant} alert rules (Telemetry:Alerts:MaxRulesPerTenant).");
        }

        var response = AlertResponse.From(created);
        await audit.RecordAsync(caller, AuditActions.AlertCreate, created.Rule.Id, null, response);
        return TypedResults.Created($"{context.Request.Path}/{created.Rule.Id}", response);
    }

    public static async Task<Results<Ok<AlertResponse>, ProblemHttpResult>> GetAsync(string alertId, HttpContext context, IGrainFactory grains)
    {
        var definition = await grains.GetGrain<IAlertRulesGrain>(context.Caller().TenantId).GetAsync(alertId);
        return definition is null ? NotFound(alertId) : TypedResults.Ok(AlertResponse.From(definition));
    }

    public static async Task<Results<Ok<AlertResponse>, ProblemHttpResult>> UpdateAsync(
        string alertId, HttpContext context, IGrainFactory grains, AuditTrail audit, IOptions<AlertOptions> options,
        IOptions<JsonOptions> json, TimeProvider time, CancellationToken cancellationToken)
    {
        var (patch, problem) = await JsonBody.ReadAsync<JsonObject>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var caller = context.Caller();
        var rules = grains.GetGrain<IAlertRulesGrain>(caller.TenantId);
        if (await rules.GetAsync(alertId) is not { } current)
        {
            return NotFound(alertId);
        }

        // The stored rule as the API shows it, without its channels (their secrets are not shown), merged with the patch.
        var before = AlertResponse.From(current);
        var merged = (JsonObject)JsonSerializer.SerializeToNode(before, json.Value.SerializerOptions)!;
        merged.Remove("channels");
        MergePatch.Apply(merged, patch!);
        AlertDraft draft;
        try
        {
            draft = AlertRequestReader.Read(merged, options.Value, keptChannels: current.Channels);
        }
        catch (AlertRequestException exception)
        {
            return ProblemOf(exception);
        }

        var definition = new AlertDefinition(
            draft.Rule with { Id = alertId, TenantId = caller.TenantId }, draft.Channels, current.CreatedAt, time.GetUtcNow());
        if (await rules.UpdateAsync(definition) is not { } updated)
        {
            return NotFound(alertId);
        }

        var response = AlertResponse.From(updated);
        await audit.RecordAsync(caller, AuditActions.AlertUpdate, alertId, before, response);
        return TypedResults.Ok(response);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string alertId, HttpContext context, IGrainFactory grains, AuditTrail audit)
    {
        var caller = context.Caller();
        var rules = grains.GetGrain<IAlertRulesGrain>(caller.TenantId);
        var before = await rules.GetAsync(alertId);
        if (before is null || !await rules.DeleteAsync(alertId))
        {
            return NotFound(alertId);
        }

        await grains.GetGrain<IAlertHistoryGrain>(AlertKeys.ForRule(caller.TenantId, alertId)).ClearAsync();
        await audit.RecordAsync(caller, AuditActions.AlertDelete, alertId, AlertResponse.From(before), null);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<AlertHistoryResponse>, ProblemHttpResult>> HistoryAsync(string alertId, HttpContext context, IGrainFactory grains)
    {
        var tenantId = context.Caller().TenantId;
        if (await grains.GetGrain<IAlertRulesGrain>(tenantId).GetAsync(alertId) is null)
        {
            return NotFound(alertId);
        }

        var query = context.Request.Query;
        if (!PageQuery.TryLimit(query["limit"].ToString() is { Length: > 0 } limitText ? limitText : null, DefaultHistoryLimit, MaxHistoryLimit, out var limit))
        {
            return Problem.BadRequest("invalid_limit", $"'limit' must be a whole number from 1 to {MaxHistoryLimit}.");
        }

        long? before = null;
        if (query["cursor"].ToString() is { Length: > 0 } cursor)
        {
            if (!PageCursor.TryDecode("history", cursor, out var position) || !long.TryParse(position, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                return Problem.BadRequest("invalid_cursor", "'cursor' must be the next_cursor of a previous page, unchanged.");
            }

            before = sequence;
        }

        var incidentId = query["incident_id"].ToString() is { Length: > 0 } id ? id : null;
        var entries = await grains.GetGrain<IAlertHistoryGrain>(AlertKeys.ForRule(tenantId, alertId)).GetHistoryAsync(before, int.MaxValue);
        var matching = entries.Where(e => incidentId is null || e.IncidentId == incidentId).Take(limit + 1).ToList();
        var page = matching.Take(limit).ToList();
        var next = matching.Count > limit ? PageCursor.Encode("history", page[^1].Sequence.ToString(CultureInfo.InvariantCulture)) : null;
        return TypedResults.Ok(new AlertHistoryResponse(alertId, [.. page.Select(AlertHistoryEntryResponse.Of)], next));
    }

    public static async Task<Results<Ok<AlertTestResponse>, ProblemHttpResult>> TestAsync(string alertId, HttpContext context, IGrainFactory grains)
    {
        var tenantId = context.Caller().TenantId;
        if (await grains.GetGrain<IAlertRulesGrain>(tenantId).GetAsync(alertId) is not { } definition)
        {
            return NotFound(alertId);
        }

        var reports = await grains.GetGrain<IAlertHistoryGrain>(AlertKeys.ForRule(tenantId, alertId)).SendTestAsync(definition);
        return TypedResults.Ok(new AlertTestResponse(
            alertId,
            [.. reports.Select(r => new AlertTestDelivery(
                r.Channel.Type.ToString().ToLowerInvariant(), r.Channel.Describe(), r.Result.Delivered, DeliveryResponse.From(r.Result)))]));
    }

    private static ProblemHttpResult ProblemOf(AlertRequestException exception) =>
        exception.IsLimit ? Problem.Unprocessable("alert_limit", exception.Message)
        : exception.IsUnsupported ? Problem.Unprocessable("unsupported_channel", exception.Message)
        : Problem.BadRequest("invalid_alert", exception.Message);

    private static ProblemHttpResult NotFound(string alertId) =>
        Problem.NotFound("alert_not_found", $"The tenant has no alert rule '{alertId}'.");

    private static string NewId() => "al_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
