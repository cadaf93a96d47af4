using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Telemetry.Api.Audit;
using Telemetry.Api.Auth;
using Telemetry.Api.Hosting;
using Telemetry.Api.Problems;
using Telemetry.Api.Wire;
using Telemetry.Schema;
using Telemetry.Series;
using Telemetry.Tenancy;

namespace Telemetry.Api.Schema;

/// <summary>
/// The metric schema registry: list, register, read (with live status and old versions), change and
/// deprecate. Reads need the query scope, changes the admin scope. Every change is audited and reaches
/// this silo's ingest at once, other silos' within <c>Telemetry:Schema:CacheTtl</c>.
/// </summary>
public static class SchemaApi
{
    public static void MapSchemaApi(this RouteGroupBuilder group, ApiRoutes routes)
    {
        group.MapGet("/schema", ListAsync)
            .Named(routes, "ListSchemas", "List the tenant's metrics with their current schema")
            .WithTags("Schema")
            .RequireScope(ApiKeyScope.Query);

        group.MapPost("/schema", RegisterAsync)
            .Named(routes, "RegisterSchema", "Register a metric: 201, or 200 when it declares a metric ingest registered (origin observed)")
            .DocumentBody<SchemaRequest, RouteHandlerBuilder>()
            .WithTags("Schema")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireScope(ApiKeyScope.Admin);

        group.MapGet("/schema/{metricName}", GetAsync)
            .Named(routes, "GetSchema", "A metric's current schema with live status (series, limit, warnings, dimension estimates), or one old version")
            .DocumentQuery(new DocumentedQueryParameter("version", "A schema version (1, 2, ...); without it the current schema and its status."))
            .WithTags("Schema")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireScope(ApiKeyScope.Query);

        group.MapGet("/schema/{metricName}/versions", VersionsAsync)
            .Named(routes, "ListSchemaVersions", "Every version of a metric's schema, oldest first")
            .WithTags("Schema")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireScope(ApiKeyScope.Query);

        group.MapPatch("/schema/{metricName}", UpdateAsync)
            .Named(routes, "UpdateSchema", "Change a metric's schema; incompatible changes (type, dropping a dimension with data) need force")
            .DocumentBody<SchemaRequest, RouteHandlerBuilder>()
            .WithTags("Schema")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireScope(ApiKeyScope.Admin);

        group.MapDelete("/schema/{metricName}", DeprecateAsync)
            .Named(routes, "DeprecateSchema", "Deprecate a metric: ingest refuses its samples (metric_deprecated); queries still read its stored data")
            .WithTags("Schema")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireScope(ApiKeyScope.Admin);
    }

    public static async Task<Ok<SchemaListResponse>> ListAsync(HttpContext context, IGrainFactory grains)
    {
        var schemas = await TenantMetrics.SchemasAsync(grains, context.Caller().TenantId);
        return TypedResults.Ok(new SchemaListResponse([.. schemas.Select(SchemaResponse.From)]));
    }

    public static async Task<Results<Created<SchemaResponse>, Ok<SchemaResponse>, ProblemHttpResult>> RegisterAsync(
        HttpContext context, IGrainFactory grains, SchemaViewCache views, AuditTrail audit, IOptions<SchemaOptions> options, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync<SchemaRequest>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (draft, error) = request!.ToDraft(registering: true, options.Value.MaxDeclaredDimensions);
        if (error is not null)
        {
            return Problem.BadRequest("invalid_schema", error);
        }

        var caller = context.Caller();
        var metric = request.Name!;
        var result = await TenantMetrics.Grain(grains, caller.TenantId, metric).RegisterSchemaAsync(draft!, caller.KeyId);
        if (Refusal(result, metric) is { } refusal)
        {
            return refusal;
        }

        views.InvalidateMetric(caller.TenantId, metric);
        var response = SchemaResponse.From(result.Schema!);
        if (result.Outcome == SchemaChangeOutcome.Unchanged)
        {
            return TypedResults.Ok(response);
        }

        await audit.RecordAsync(caller, AuditActions.SchemaCreate, metric, result.Previous is { } previous ? SchemaResponse.From(previous) : null, response);
        return result.Outcome == SchemaChangeOutcome.Created
            ? TypedResults.Created($"{context.Request.Path}/{Uri.EscapeDataString(metric)}", response)
            : TypedResults.Ok(response);
    }

    public static async Task<Results<Ok<SchemaResponse>, ProblemHttpResult>> GetAsync(string metricName, HttpContext context, IGrainFactory grains, SchemaViewCache views)
    {
        if (InvalidName(metricName) is { } invalid)
        {
            return invalid;
        }

        var caller = context.Caller();
        var grain = TenantMetrics.Grain(grains, caller.TenantId, metricName);
        var versionText = context.Request.Query["version"].ToString();
        if (versionText.Length > 0)
        {
            if (!int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
            {
                return Problem.BadRequest("invalid_version", "'version' must be a schema version: 1, 2, ...");
            }

            return await grain.GetSchemaAsync(version) is { } old
                ? TypedResults.Ok(SchemaResponse.From(old))
                : await grain.GetSchemaAsync(null) is null
                    ? NotFound(metricName)
                    : Problem.NotFound("version_not_found", $"Metric '{metricName}' has no schema version {version}; GET /schema/{metricName}/versions lists them.");
        }

        var tenant = await views.GetTenantAsync(caller.TenantId);
        var status = await grain.GetStatusAsync(tenant.Settings);
        return status.Schema is { } schema
            ? TypedResults.Ok(SchemaResponse.From(schema) with { Status = MetricStatusResponse.From(status, tenant.Settings) })
            : NotFound(metricName);
    }

    public static async Task<Results<Ok<SchemaVersionsResponse>, ProblemHttpResult>> VersionsAsync(string metricName, HttpContext context, IGrainFactory grains)
    {
        if (InvalidName(metricName) is { } invalid)
        {
            return invalid;
        }

        var versions = await TenantMetrics.Grain(grains, context.Caller().TenantId, metricName).GetSchemaVersionsAsync();
        return versions.IsEmpty
            ? NotFound(metricName)
            : TypedResults.Ok(new SchemaVersionsResponse(metricName, [.. versions.Select(SchemaResponse.From)]));
    }

    public static async Task<Results<Ok<SchemaResponse>, ProblemHttpResult>> UpdateAsync(
        string metricName, HttpContext context, IGrainFactory grains, SchemaViewCache views, AuditTrail audit, IOptions<SchemaOptions> options,
        CancellationToken cancellationToken)
    {
        if (InvalidName(metricName) is { } invalid)
        {
            return invalid;
        }

        var (request, problem) = await JsonBody.ReadAsync<SchemaRequest>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (request!.Name is not null && request.Name != metricName)
        {
            return Problem.BadRequest("invalid_schema", "Metrics cannot be renamed: 'name' must be absent or the metric's own name.");
        }

        var (draft, error) = request.ToDraft(registering: false, options.Value.MaxDeclaredDimensions);
        if (error is not null)
        {
            return Problem.BadRequest("invalid_schema", error);
        }

        var caller = context.Caller();
        var result = await TenantMetrics.Grain(grains, caller.TenantId, metricName).UpdateSchemaAsync(draft!, caller.KeyId);
        return await AnswerChangeAsync(result, metricName, AuditActions.SchemaUpdate, caller, views, audit);
    }

    public static async Task<Results<Ok<SchemaResponse>, ProblemHttpResult>> DeprecateAsync(
        string metricName, HttpContext context, IGrainFactory grains, SchemaViewCache views, AuditTrail audit)
    {
        if (InvalidName(metricName) is { } invalid)
        {
            return invalid;
        }

        var caller = context.Caller();
        var result = await TenantMetrics.Grain(grains, caller.TenantId, metricName).DeprecateAsync(caller.KeyId);
        return await AnswerChangeAsync(result, metricName, AuditActions.SchemaDeprecate, caller, views, audit);
    }

    /// <summary>
    /// The answer to a PATCH or DELETE: the grain's refusal as a problem, or the schema after the change,
    /// which is then audited and dropped from this silo's cache (an unchanged schema records nothing).
    /// </summary>
    private static async Task<Results<Ok<SchemaResponse>, ProblemHttpResult>> AnswerChangeAsync(
        SchemaChangeResult result, string metricName, string action, TelemetryCaller caller, SchemaViewCache views, AuditTrail audit)
    {
        if (Refusal(result, metricName) is { } refusal)
        {
            return refusal;
        }

        views.InvalidateMetric(caller.TenantId, metricName);
        var response = SchemaResponse.From(result.Schema!);
        if (result.Outcome == SchemaChangeOutcome.Updated)
        {
            await audit.RecordAsync(caller, action, metricName, SchemaResponse.From(result.Previous!), response);
        }

        return TypedResults.Ok(response);
    }

    /// <summary>The problem for a change the metric grain refused; null when it was made (or needed nothing).</summary>
    private static ProblemHttpResult? Refusal(SchemaChangeResult result, string metricName) => result.Outcome switch
    {
        SchemaChangeOutcome.Created or SchemaChangeOutcome.Updated or SchemaChangeOutcome.Unchanged => null,
        SchemaChangeOutcome.NotFound => NotFound(metricName),
        SchemaChangeOutcome.AlreadyExists => Problem.Conflict(result.Code ?? "schema_exists", result.Message ?? "The metric is registered already."),
        SchemaChangeOutcome.Conflict => Problem.Conflict(result.Code ?? "incompatible_change", result.Message ?? "The change is incompatible with stored data."),
        _ => Problem.BadRequest(result.Code ?? "invalid_schema", result.Message ?? "The schema is not valid."),
    };

    private static ProblemHttpResult? InvalidName(string metricName) =>
        MetricName.IsValid(metricName)
            ? null
            : Problem.BadRequest("invalid_metric", "A metric name is a letter or '_', then letters, digits, '_', '.', ':', '-' (at most 200 characters).");

    private static ProblemHttpResult NotFound(string metricName) =>
        Problem.NotFound("metric_not_found", $"The tenant has no metric '{metricName}'.");
}
