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
using Telemetry.Series;
using Telemetry.Tenancy;

namespace Telemetry.Api.Dimensions;

/// <summary>
/// The tenant's dimension keys with distinct-value estimates, and its normalization rules (drop, alias,
/// value), which ingest applies to every sample before its series identity is computed.
/// </summary>
public static class DimensionsApi
{
    public const string AppliesTo = "samples ingested from now on; series already stored keep their labels";

    public static void MapDimensionsApi(this RouteGroupBuilder group, ApiRoutes routes)
    {
        group.MapGet("/dimensions", ListAsync)
            .Named(routes, "ListDimensions", "Dimension keys per metric and across metrics, with distinct-value estimates and sample values")
            .DocumentQuery(new DocumentedQueryParameter("metric", "Only this metric."))
            .WithTags("Dimensions")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireScope(ApiKeyScope.Query);

        group.MapPost("/dimensions/normalize", CreateRuleAsync)
            .Named(routes, "CreateNormalizationRule", "Add a dimension rule (alias, value or drop) for samples ingested from now on")
            .DocumentBody<NormalizationRuleRequest, RouteHandlerBuilder>()
            .WithTags("Dimensions")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireScope(ApiKeyScope.Admin);

        group.MapGet("/dimensions/normalize", ListRulesAsync)
            .Named(routes, "ListNormalizationRules", "The tenant's dimension rules and their version")
            .WithTags("Dimensions")
            .RequireScope(ApiKeyScope.Query);

        group.MapDelete("/dimensions/normalize/{ruleId}", DeleteRuleAsync)
            .Named(routes, "DeleteNormalizationRule", "Remove a dimension rule; samples ingested from now on are no longer changed by it")
            .WithTags("Dimensions")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireScope(ApiKeyScope.Admin);
    }

    public static async Task<Results<Ok<DimensionsResponse>, ProblemHttpResult>> ListAsync(HttpContext context, IGrainFactory grains, SchemaViewCache views)
    {
        var caller = context.Caller();
        var only = context.Request.Query["metric"].ToString();
        if (only.Length > 0 && !MetricName.IsValid(only))
        {
            return Problem.BadRequest("invalid_metric", "'metric' must be a metric name: a letter or '_', then letters, digits, '_', '.', ':', '-'.");
        }

        var tenant = await views.GetTenantAsync(caller.TenantId);
        IEnumerable<string> names = only.Length > 0 ? [only] : await TenantMetrics.NamesAsync(grains, caller.TenantId);
        var statuses = await TenantMetrics.StatusesAsync(grains, caller.TenantId, names, tenant.Settings);
        if (only.Length > 0 && statuses.Length == 0)
        {
            return Problem.NotFound("metric_not_found", $"The tenant has no metric '{only}'.");
        }

        var metrics = statuses
            .Select(s => new MetricDimensions(s.Schema!.Name, s.SeriesCount, s.SeriesLimit, [.. s.Dimensions.Select(DimensionStatsResponse.From)]))
            .ToArray();
        var keys = metrics
            .SelectMany(m => m.Dimensions.Select(d => (m.Metric, d.Key, d.DistinctEstimate)))
            .GroupBy(d => d.Key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new KeyDimensions(g.Key, [.. g.Select(d => d.Metric)], g.Max(d => d.DistinctEstimate)))
            .ToArray();
        return TypedResults.Ok(new DimensionsResponse(metrics, keys));
    }

    public static async Task<Results<Created<NormalizationRuleCreated>, ProblemHttpResult>> CreateRuleAsync(
        HttpContext context, IGrainFactory grains, SchemaViewCache views, AuditTrail audit, IOptions<SchemaOptions> options,
        CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync<NormalizationRuleRequest>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var caller = context.Caller();
        var (rule, error) = request!.ToRule(caller.KeyId);
        if (error is not null)
        {
            return Problem.BadRequest("invalid_rule", error);
        }

        var tenant = grains.GetGrain<ITenantGrain>(caller.TenantId);
        var max = options.Value.MaxNormalizationRules;
        if ((await tenant.GetNormalizationAsync()).Rules.Length >= max)
        {
            return Problem.Unprocessable("too_many_rules", $"A tenant has at most {max} normalization rules; delete one first.");
        }

        var rules = await tenant.AddNormalizationRuleAsync(rule!);
        views.InvalidateTenant(caller.TenantId);
        var added = NormalizationRuleResponse.From(rules.Rules[^1]);
        await audit.RecordAsync(caller, AuditActions.NormalizeCreate, added.Id, null, added);
        return TypedResults.Created($"{context.Request.Path}/{added.Id}", new NormalizationRuleCreated(added, rules.Version, AppliesTo));
    }

    public static async Task<Ok<NormalizationRulesResponse>> ListRulesAsync(HttpContext context, IGrainFactory grains)
    {
        var rules = await grains.GetGrain<ITenantGrain>(context.Caller().TenantId).GetNormalizationAsync();
        return TypedResults.Ok(new NormalizationRulesResponse(rules.Version, [.. rules.Rules.Select(NormalizationRuleResponse.From)]));
    }

    public static async Task<Results<Ok<NormalizationVersionResponse>, ProblemHttpResult>> DeleteRuleAsync(
        string ruleId, HttpContext context, IGrainFactory grains, SchemaViewCache views, AuditTrail audit)
    {
        var caller = context.Caller();
        var tenant = grains.GetGrain<ITenantGrain>(caller.TenantId);
        var before = (await tenant.GetNormalizationAsync()).Rules.FirstOrDefault(r => r.Id == ruleId);
        var rules = before is null ? null : await tenant.DeleteNormalizationRuleAsync(ruleId);
        if (rules is null)
        {
            return Problem.NotFound("rule_not_found", $"The tenant has no normalization rule '{ruleId}'.");
        }

        views.InvalidateTenant(caller.TenantId);
        await audit.RecordAsync(caller, AuditActions.NormalizeDelete, ruleId, NormalizationRuleResponse.From(before!), null);
        return TypedResults.Ok(new NormalizationVersionResponse(rules.Version));
    }
}
