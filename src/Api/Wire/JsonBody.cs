using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Telemetry.Api.Problems;

namespace Telemetry.Api.Wire;

/// <summary>
/// Reads a small JSON request body with the API's serializer settings and turns malformed JSON into a
/// 400 problem with code <c>invalid_json</c> (the framework's own binder would answer without a code).
/// </summary>
public static class JsonBody
{
    /// <summary>Limit for control-plane bodies (keys, queries); ingest has its own limits.</summary>
    public const int MaxBytes = 1024 * 1024;

    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, Problem.Create(StatusCodes.Status413PayloadTooLarge, "body_too_large", $"The body exceeds {MaxBytes} bytes."));
        }

        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(new LengthLimitedStream(request.Body, MaxBytes), options, cancellationToken);
            return value is null
                ? (null, Problem.BadRequest("invalid_json", "The body must be a JSON object."))
                : (value, null);
        }
        catch (JsonException exception)
        {
            return (null, Problem.BadRequest("invalid_json", $"The body is not valid JSON for this endpoint: {exception.Message}"));
        }
        catch (LengthLimitedStream.LimitExceededException)
        {
            return (null, Problem.Create(StatusCodes.Status413PayloadTooLarge, "body_too_large", $"The body exceeds {MaxBytes} bytes."));
        }
    }
}
