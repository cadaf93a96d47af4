using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Telemetry.Alerts;
using Telemetry.Api.Auth;
using Telemetry.Api.Hosting;
using Telemetry.Api.Ingest;
using Telemetry.Api.Problems;
using Telemetry.Api.Wire;
using Telemetry.Tenancy;

namespace Telemetry.Api.Alerts;

/// <summary><c>GET /incidents</c>: the incidents of every rule of the tenant, newest opened first, filtered and paged.</summary>
public static class IncidentsApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static void MapIncidentsApi(this RouteGroupBuilder group, ApiRoutes routes)
    {
        group.MapGet("/incidents", ListAsync)
            .Named(routes, "ListIncidents", "Open and closed incidents of the tenant's alert rules, newest opened first")
            .DocumentQuery(
                new DocumentedQueryParameter("state", "pending, firing or resolved; several separated by commas."),
                new DocumentedQueryParameter("alert_id", "Only incidents of this rule (rule_id is accepted too)."),
                new DocumentedQueryParameter("filter", "key:value; only incidents whose group has that dimension value (repeatable)."),
                new DocumentedQueryParameter("start", "RFC3339; incidents still open at or after it."),
                new DocumentedQueryParameter("end", "RFC3339; incidents opened before it."),
                new DocumentedQueryParameter("limit", $"Incidents per page, 1-{MaxLimit}; default {DefaultLimit}."),
                new DocumentedQueryParameter("cursor", "next_cursor of the previous page."))
            .WithTags("Alerts")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireScope(ApiKeyScope.Query);
    }

    public static async Task<Results<Ok<IncidentListResponse>, ProblemHttpResult>> ListAsync(HttpContext context, IGrainFactory grains, TimeProvider time)
    {
        var query = context.Request.Query;
        string? Text(string name) => query[name].ToString() is { Length: > 0 } value ? value : null;

        var states = new HashSet<AlertState>();
        foreach (var name in (Text("state") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (name is not ("pending" or "firing" or "resolved"))
            {
                return Problem.BadRequest("invalid_state", "'state' must be pending, firing or resolved (several separated by commas).");
            }

            states.Add(Enum.Parse<AlertState>(name, ignoreCase: true));
        }

        var filters = new List<(string Key, string Value)>();
        foreach (var filter in query["filter"])
        {
            var separator = filter?.IndexOf(':') ?? -1;
            if (separator <= 0)
            {
                return Problem.BadRequest("invalid_filter", $"'filter={filter}' must be 'key:value'.");
            }

            filters.Add((filter![..separator], filter[(separator + 1)..]));
        }

        if (!PageQuery.TryTime(Text("start"), out var start) || !PageQuery.TryTime(Text("end"), out var end))
        {
            return Problem.BadRequest("invalid_time", "'start' and 'end' must be RFC3339 times with an offset, such as 2026-01-31T08:00:00Z.");
        }

        if (!PageQuery.TryLimit(Text("limit"), DefaultLimit, MaxLimit, out var limit))
        {
            return Problem.BadRequest("invalid_limit", $"'limit' must be a whole number from 1 to {MaxLimit}.");
        }

        (long Ticks, string Id)? after = null;
        if (Text("cursor") is { } cursor)
        {
            if (!PageCursor.TryDecode("incidents", cursor, out var position) || position.Split('|') is not [var ticksText, var lastId]
                || !long.TryParse(ticksText, NumberStyles.None, CultureInfo.InvariantCulture, out var lastTicks))
            {
                return Problem.BadRequest("invalid_cursor", "'cursor' must be the next_cursor of a previous page, unchanged.");
            }

            after = (lastTicks, lastId);
        }

        var tenantId = context.Caller().TenantId;
        var rules = await grains.GetGrain<IAlertRulesGrain>(tenantId).GetRulesAsync();
        var ruleId = Text("alert_id") ?? Text("rule_id");
        var watched = rules.Definitions.Where(d => ruleId is null || d.Rule.Id == ruleId).ToList();
        var perRule = await Task.WhenAll(watched.Select(async d =>
            (d.Rule, Incidents: await grains.GetGrain<IAlertHistoryGrain>(AlertKeys.ForRule(tenantId, d.Rule.Id)).GetIncidentsAsync())));

        var now = time.GetUtcNow();
        var matching = perRule
            .SelectMany(r => r.Incidents.Select(incident => (r.Rule, Incident: incident)))
            .Where(x => states.Count == 0 || states.Contains(x.Incident.Record.State))
            .Where(x => filters.All(f => x.Incident.Record.Group[f.Key] == f.Value))
            .Where(x => start is null || (x.Incident.Record.ResolvedAt ?? DateTimeOffset.MaxValue) >= start)
            .Where(x => end is null || x.Incident.Record.OpenedAt < end)
            .OrderByDescending(x => x.Incident.Record.OpenedAt.UtcTicks)
            .ThenBy(x => x.Incident.Id, StringComparer.Ordinal)
            .Where(x => after is not { } a
                || x.Incident.Record.OpenedAt.UtcTicks < a.Ticks
                || (x.Incident.Record.OpenedAt.UtcTicks == a.Ticks && string.CompareOrdinal(x.Incident.Id, a.Id) > 0))
            .Take(limit + 1)
            .ToList();

        var page = matching.Take(limit).ToList();
        var next = matching.Count > limit
            ? PageCursor.Encode("incidents", $"{page[^1].Incident.Record.OpenedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{page[^1].Incident.Id}")
            : null;
        var basePath = context.Request.PathBase + context.Request.Path.Value![..^"/incidents".Length];
        return TypedResults.Ok(new IncidentListResponse([.. page.Select(x => IncidentResponse.From(x.Incident, x.Rule, now, basePath))], next));
    }
}
