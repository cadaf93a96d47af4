using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Telemetry.Api.Auth;
using Telemetry.Api.Hosting;
using Telemetry.Api.Problems;
using Telemetry.Idempotency;
using Telemetry.Ingest;
using Telemetry.Series;
using Telemetry.Tenancy;

namespace Telemetry.Api.Ingest;

/// <summary>
/// <c>POST /ingest</c> and <c>POST /ingest/validate</c>: stream-parse the body, validate each record, then
/// (ingest only) send each series its samples in one grain call. A 202 means every accepted sample is
/// in its series' hot window and visible to queries.
/// </summary>
public static class IngestApi
{
    public const string IdempotencyHeader = "Idempotency-Key";
    private const int MaxIdempotencyKeyLength = 255;

    public static void MapIngestApi(this RouteGroupBuilder group, ApiRoutes routes)
    {
        group.MapPost("/ingest", IngestAsync)
            .Named(routes, "Ingest", "Ingest metric samples: a JSON array, one JSON object, or NDJSON (gzip allowed); Idempotency-Key honoured")
            .DocumentBody<IngestRecordDocument[], RouteHandlerBuilder>("application/json", "application/x-ndjson")
            .Produces<IngestResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithTags("Ingest")
            .RequireScope(ApiKeyScope.Ingest);

        group.MapPost("/ingest/validate", ValidateAsync)
            .Named(routes, "ValidateIngest", "Validate an ingest body and return the verdicts ingest would give, storing nothing")
            .DocumentBody<IngestRecordDocument[], RouteHandlerBuilder>("application/json", "application/x-ndjson")
            .Produces<IngestResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithTags("Ingest")
            .RequireScope(ApiKeyScope.Ingest);
    }

    public static async Task<IResult> IngestAsync(
        HttpContext context, IGrainFactory grains, IngestPipeline pipeline, IOptions<IngestOptions> options, IOptions<SeriesWindowOptions> window,
        IOptions<JsonOptions> json, TimeProvider time, CancellationToken cancellationToken)
    {
        var idempotencyKey = context.Request.Headers[IdempotencyHeader].ToString();
        if (idempotencyKey.Length > 0 && (idempotencyKey.Length > MaxIdempotencyKeyLength || !idempotencyKey.All(c => c is >= '!' and <= '~')))
        {
            return Problem.BadRequest("invalid_idempotency_key", $"{IdempotencyHeader} must be 1-{MaxIdempotencyKeyLength} printable ASCII characters.");
        }

        var (validated, fingerprint, failure) = await ReadAndValidateAsync(context, options.Value, window.Value, time, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }

        var caller = context.Caller();
        if (idempotencyKey.Length == 0)
        {
            try
            {
                return await StoreAsync(caller.TenantId, validated!, pipeline);
            }
            catch (StorageUnavailableException exception)
            {
                return StorageUnavailable(context, exception);
            }
        }

        var claim = grains.GetGrain<IIdempotencyGrain>($"{caller.TenantId}/ingest/{idempotencyKey}");
        var decision = await claim.BeginAsync(fingerprint!);
        switch (decision.Verdict)
        {
            case IdempotencyVerdict.Replay:
                context.Response.Headers["Idempotent-Replayed"] = "true";
                return new StoredResponseResult(decision.Response!);
            case IdempotencyVerdict.InProgress:
                return Problem.Conflict("idempotency_in_progress", $"A request with this {IdempotencyHeader} is still being handled; retry shortly.");
            case IdempotencyVerdict.Mismatch:
                return Problem.Unprocessable("idempotency_key_reused", $"This {IdempotencyHeader} was used with a different body; use a new key for a new request.");
        }

        try
        {
            var result = await StoreAsync(caller.TenantId, validated!, pipeline);
            var stored = Render(result, json.Value.SerializerOptions);
            await claim.CompleteAsync(fingerprint!, stored);
            return new StoredResponseResult(stored);
        }
        catch (StorageUnavailableException exception)
        {
            // Nothing was acknowledged, so nothing is remembered: a retry with the same key goes through.
            await claim.AbandonAsync(fingerprint!);
            return StorageUnavailable(context, exception);
        }
        catch
        {
            await claim.AbandonAsync(fingerprint!);
            throw;
        }
    }

    /// <summary>503: the write-ahead log could not make the batch durable; nothing of the request was acknowledged.</summary>
    private static ProblemHttpResult StorageUnavailable(HttpContext context, StorageUnavailableException exception)
    {
        context.Response.Headers.RetryAfter = "1";
        return Problem.Create(StatusCodes.Status503ServiceUnavailable, "storage_unavailable", $"{exception.Message} Retry the whole request.");
    }

    public static async Task<IResult> ValidateAsync(
        HttpContext context, IngestPipeline pipeline, IOptions<IngestOptions> options, IOptions<SeriesWindowOptions> window,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var (validated, _, failure) = await ReadAndValidateAsync(context, options.Value, window.Value, time, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }

        var outcome = await pipeline.RunAsync(context.Caller().TenantId, validated!, store: false);
        return Verdict(new IngestResponse(NewIngestionId(), outcome.Accepted, outcome.Errors.Count, Sorted(outcome.Errors)), StatusCodes.Status200OK);
    }

    private static async Task<(ValidatedBatch? Validated, string? Fingerprint, IResult? Failure)> ReadAndValidateAsync(
        HttpContext context, IngestOptions options, SeriesWindowOptions window, TimeProvider time, CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength > options.MaxBodyBytes)
        {
            // Refused before a byte is read; Kestrel would otherwise refuse it with an exception (a 500).
            return (null, null, TooLarge(options.MaxBodyBytes));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // Our own metering answers with a precise problem; Kestrel's limit must not cut in first.
            limit.MaxRequestBodySize = options.MaxBodyBytes + 1;
        }

        IngestBatch batch;
        try
        {
            batch = await IngestBodyReader.ReadAsync(
                context.Request.Body, context.Request.ContentType, context.Request.Headers.ContentEncoding.ToString(), options, cancellationToken);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel counts a chunked body as it arrives, ahead of what the reader has consumed, so its limit can still cut in first.
            return (null, null, TooLarge(options.MaxBodyBytes));
        }

        if (batch.Failure is { } failure)
        {
            return (null, null, Problem.Create(failure.StatusCode, failure.Code, failure.Message));
        }

        var validated = new SampleValidator(options, time).Validate(batch, time.GetUtcNow() - window.HotWindow);
        return (validated, batch.BodyFingerprint, null);
    }

    private static async Task<IResult> StoreAsync(string tenantId, ValidatedBatch validated, IngestPipeline pipeline)
    {
        var outcome = await pipeline.RunAsync(tenantId, validated, store: true);
        return Verdict(new IngestResponse(NewIngestionId(), outcome.Accepted, outcome.Errors.Count, Sorted(outcome.Errors)), StatusCodes.Status202Accepted);
    }

    /// <summary>The verdict as a response: the given status when anything was accepted, else a 400 problem carrying the errors.</summary>
    private static IResult Verdict(IngestResponse response, int successStatus) =>
        response.Accepted > 0
            ? TypedResults.Json(response, statusCode: successStatus)
            : Problem.BadRequest(
                "no_valid_records",
                $"None of the {response.Rejected} record(s) could be accepted; see 'errors'.",
                new Dictionary<string, object?>
                {
                    ["ingestion_id"] = response.IngestionId,
                    ["accepted"] = 0,
                    ["rejected"] = response.Rejected,
                    ["errors"] = response.Errors,
                });

    private static StoredResponse Render(IResult result, JsonSerializerOptions json)
    {
        switch (result)
        {
            case JsonHttpResult<IngestResponse> ok:
                return new StoredResponse(ok.StatusCode ?? StatusCodes.Status202Accepted, "application/json; charset=utf-8", JsonSerializer.SerializeToUtf8Bytes(ok.Value, json));
            case ProblemHttpResult problem:
                return new StoredResponse(problem.StatusCode, "application/problem+json", JsonSerializer.SerializeToUtf8Bytes(problem.ProblemDetails, json));
            default:
                throw new InvalidOperationException($"Unexpected ingest result {result.GetType().Name}.");
        }
    }

    private static ProblemHttpResult TooLarge(long maxBodyBytes)
    {
        var failure = IngestFailure.BodyTooLarge($"The request body is larger than {maxBodyBytes} bytes as sent; split it into smaller requests.");
        return Problem.Create(failure.StatusCode, failure.Code, failure.Message);
    }

    private static IngestError[] Sorted(List<IngestError> errors) => [.. errors.OrderBy(e => e.Index)];

    private static string NewIngestionId() => "ing_" + Guid.CreateVersion7().ToString("N");
}
