using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Telemetry.Api.Auth;
using Telemetry.Api.Hosting;
using Telemetry.Api.Problems;
using Telemetry.Api.Wire;
using Telemetry.Query;
using Telemetry.Tenancy;

namespace Telemetry.Api.Query;

/// <summary>Range queries over one metric: buckets × groups, as a JSON body (POST) or a query string (GET).</summary>
public static class QueryApi
{
    public static void MapQueryApi(this RouteGroupBuilder group, ApiRoutes routes)
    {
        group.MapPost("/query", PostQueryAsync)
            .Named(routes, "Query", "Run a range query: buckets of a granularity, an aggregation, group_by, filters, fill and time zone")
            .DocumentBody<QueryRequest, RouteHandlerBuilder>()
            .WithTags("Query")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireScope(ApiKeyScope.Query);

        group.MapGet("/query", GetQueryAsync)
            .Named(routes, "QueryGet", "Run a range query given as query-string parameters (filter=key:value, repeatable)")
            .DocumentQuery(
                new("metric", "Metric name.", Required: true),
                new("start", "RFC3339, epoch ms, now or now-<duration>; default end - 1h."),
                new("end", "RFC3339, epoch ms, now or now±<duration>; default now."),
                new("granularity", "Bucket width: <n>s|m|h|d|w; default 1m."),
                new("aggregation", "sum, avg, min, max, count, last, p50, p90, p95, p99; default avg."),
                new("rollup", "Per-series rollup first: avg, sum, min, max, last, count, rate, increase."),
                new("group_by", "Comma-separated dimension keys."),
                new("filter", "key:value; repeat it; values of one key are alternatives."),
                new("filters", "The body's filters object as URL-encoded JSON."),
                new("fill", "null, zero, previous or none; default null."),
                new("timezone", "IANA time zone; default UTC."))
            .WithTags("Query")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireScope(ApiKeyScope.Query);
    }

    public static async Task<Results<Ok<QueryResponse>, ProblemHttpResult>> PostQueryAsync(
        HttpContext context, IGrainFactory grains, IOptions<QueryOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength > JsonBody.MaxBytes)
        {
            return Problem.Create(StatusCodes.Status413PayloadTooLarge, "body_too_large", $"A query body is at most {JsonBody.MaxBytes} bytes.");
        }

        QueryText text;
        try
        {
            using var body = await JsonDocument.ParseAsync(new LengthLimitedStream(context.Request.Body, JsonBody.MaxBytes), cancellationToken: cancellationToken);
            text = QueryTextReader.FromJson(body.RootElement);
        }
        catch (JsonException exception)
        {
            return Problem.BadRequest("invalid_json", $"The body is not valid JSON: {exception.Message}");
        }
        catch (LengthLimitedStream.LimitExceededException)
        {
            return Problem.Create(StatusCodes.Status413PayloadTooLarge, "body_too_large", $"A query body is at most {JsonBody.MaxBytes} bytes.");
        }
        catch (QueryTextException exception)
        {
            return Problem.BadRequest("invalid_query", exception.Message);
        }

        return await RunAsync(text, context, grains, options.Value, time);
    }

    public static async Task<Results<Ok<QueryResponse>, ProblemHttpResult>> GetQueryAsync(
        HttpContext context, IGrainFactory grains, IOptions<QueryOptions> options, TimeProvider time)
    {
        QueryText text;
        try
        {
            text = QueryTextReader.FromQueryString(context.Request.Query);
        }
        catch (QueryTextException exception)
        {
            return Problem.BadRequest("invalid_query", exception.Message);
        }

        return await RunAsync(text, context, grains, options.Value, time);
    }

    private static async Task<Results<Ok<QueryResponse>, ProblemHttpResult>> RunAsync(
        QueryText text, HttpContext context, IGrainFactory grains, QueryOptions options, TimeProvider time)
    {
        var (spec, problem) = QueryParser.Parse(text, context.Caller().TenantId, time.GetUtcNow(), options);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = await grains.GetGrain<IQueryGrain>(0).RunAsync(spec!);
        if (outcome.Result is not { } result)
        {
            return Problem.Unprocessable(outcome.ErrorCode ?? "query_refused", outcome.ErrorMessage ?? "The query was refused.");
        }

        return TypedResults.Ok(new QueryResponse(
            spec!.Metric,
            Rfc3339(spec.Start),
            Rfc3339(spec.End),
            spec.Granularity.ToString(),
            spec.Aggregation.ToString().ToLowerInvariant(),
            spec.Rollup?.ToString().ToLowerInvariant(),
            spec.TimeZone,
            spec.Fill.ToString().ToLowerInvariant(),
            [.. result.Series.Select(series => new QueryResponseSeries(
                series.Group.ToDictionary(g => g.Key, g => g.Value, StringComparer.Ordinal),
                [.. series.Points.Select(p => new QueryResponsePoint(p.T, p.V is { } v && double.IsFinite(v) ? v : null))]))]));
    }

    private static string Rfc3339(long utcTicks) =>
        new DateTimeOffset(utcTicks, TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
