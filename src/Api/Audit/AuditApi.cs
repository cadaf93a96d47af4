using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Telemetry.Api.Auth;
using Telemetry.Api.Hosting;
using Telemetry.Api.Ingest;
using Telemetry.Api.Problems;
using Telemetry.Api.Wire;
using Telemetry.Audit;
using Telemetry.Tenancy;

namespace Telemetry.Api.Audit;

/// <summary>
/// <c>GET /audit</c> (admin): the tenant's configuration changes, oldest first, filtered and paged. The log is
/// append-only: no route changes or removes an entry.
/// </summary>
public static class AuditApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static void MapAuditApi(this RouteGroupBuilder group, ApiRoutes routes)
    {
        group.MapGet("/audit", QueryAsync)
            .Named(routes, "Audit", "The tenant's audit log of configuration changes, oldest first, with filters and a cursor")
            .DocumentQuery(
                new DocumentedQueryParameter("actor", "Key id that made the change ('bootstrap' for the platform key)."),
                new DocumentedQueryParameter("action", "An action (schema.update) or an area (schema: every schema.* action)."),
                new DocumentedQueryParameter("from", "RFC3339; events at or after it."),
                new DocumentedQueryParameter("to", "RFC3339; events before it."),
                new DocumentedQueryParameter("limit", $"Events per page, 1-{MaxLimit}; default {DefaultLimit}."),
                new DocumentedQueryParameter("cursor", "next_cursor of the previous page."))
            .WithTags("Audit")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireScope(ApiKeyScope.Admin);
    }

    public static async Task<Results<Ok<AuditPageResponse>, ProblemHttpResult>> QueryAsync(HttpContext context, IGrainFactory grains)
    {
        var query = context.Request.Query;
        string? Text(string name) => query[name].ToString() is { Length: > 0 } value ? value : null;

        if (!PageQuery.TryLimit(Text("limit"), DefaultLimit, MaxLimit, out var limit))
        {
            return Problem.BadRequest("invalid_limit", $"'limit' must be a whole number from 1 to {MaxLimit}.");
        }

        long after = 0;
        if (Text("cursor") is { } cursor && !AuditCursor.TryDecode(cursor, out after))
        {
            return Problem.BadRequest("invalid_cursor", "'cursor' must be the next_cursor of a previous page, unchanged.");
        }

        if (!PageQuery.TryTime(Text("from"), out var from) || !PageQuery.TryTime(Text("to"), out var to))
        {
            return Problem.BadRequest("invalid_time", "'from' and 'to' must be RFC3339 times with an offset, such as 2026-01-31T08:00:00Z.");
        }

        if (from is not null && to is not null && from > to)
        {
            return Problem.BadRequest("invalid_time", "'from' must not be after 'to'.");
        }

        var page = await grains.GetGrain<IAuditLogGrain>(context.Caller().TenantId)
            .QueryAsync(new AuditQuery(Text("actor"), Text("action"), from, to, after, limit));
        return TypedResults.Ok(new AuditPageResponse(
            [.. page.Events.Select(AuditEventResponse.From)],
            page.NextAfterSequence is { } next ? AuditCursor.Encode(next) : null));
    }
}

/// <summary>Body of <c>GET /audit</c>.</summary>
public sealed record AuditPageResponse(AuditEventResponse[] Events, string? NextCursor);

/// <summary>One audit event; <see cref="Before"/> and <see cref="After"/> are the API representations of the target (null when absent).</summary>
public sealed record AuditEventResponse(long Sequence, DateTimeOffset At, string Actor, string Action, string Target, JsonNode? Before, JsonNode? After)
{
    public static AuditEventResponse From(AuditEvent e) =>
        new(e.Sequence, e.At, e.Actor, e.Action, e.Target, e.Before is null ? null : JsonNode.Parse(e.Before), e.After is null ? null : JsonNode.Parse(e.After));
}
