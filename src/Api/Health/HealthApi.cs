using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Telemetry.Api.Hosting;

namespace Telemetry.Api.Health;

/// <summary>
/// <c>GET /health</c>: each component's status (the checks are registered by the host). No key needed, and
/// nothing tenant-specific is shown. 200 while nothing is unhealthy, 503 otherwise.
/// </summary>
public static class HealthApi
{
    public static void MapHealthApi(this RouteGroupBuilder group, ApiRoutes routes)
    {
        group.MapGet("/health", GetHealthAsync)
            .Named(routes, "Health", "Report the status of each component: API, cluster, storage, ingest, query")
            .WithTags("Health")
            .Produces<HealthResponse>()
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
    }

    public static async Task<JsonHttpResult<HealthResponse>> GetHealthAsync(HealthCheckService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        var response = new HealthResponse(
            Name(report.Status),
            report.Entries.ToDictionary(
                e => e.Key,
                e => new ComponentHealth(Name(e.Value.Status), e.Value.Description, e.Value.Data.Count == 0 ? null : e.Value.Data.ToDictionary())));
        return TypedResults.Json(response, statusCode: report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }

    private static string Name(HealthStatus status) => status.ToString().ToLowerInvariant();
}

public sealed record HealthResponse(string Status, Dictionary<string, ComponentHealth> Components);

public sealed record ComponentHealth(string Status, string? Description, Dictionary<string, object>? Details);
