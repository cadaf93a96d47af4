using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Telemetry.Api.Problems;

/// <summary>
/// RFC 7807 problem+json answers with a stable <c>code</c> clients can switch on. The title says what
/// kind of failure it is; the detail says what exactly was wrong and, where possible, how to fix it.
/// </summary>
public static class Problem
{
    public static ProblemHttpResult Create(int status, string code, string detail, IDictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = code };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                all[key] = value;
            }
        }

        return TypedResults.Problem(
            detail: detail,
            statusCode: status,
            title: TitleOf(status),
            type: $"https://telemetry.dev/problems/{code.Replace('_', '-')}",
            extensions: all);
    }

    public static ProblemHttpResult BadRequest(string code, string detail, IDictionary<string, object?>? extensions = null) =>
        Create(StatusCodes.Status400BadRequest, code, detail, extensions);

    public static ProblemHttpResult Unauthorized(string detail) =>
        Create(StatusCodes.Status401Unauthorized, "unauthorized", detail);

    public static ProblemHttpResult Forbidden(string code, string detail) =>
        Create(StatusCodes.Status403Forbidden, code, detail);

    public static ProblemHttpResult NotFound(string code, string detail) =>
        Create(StatusCodes.Status404NotFound, code, detail);

    public static ProblemHttpResult Conflict(string code, string detail) =>
        Create(StatusCodes.Status409Conflict, code, detail);

    public static ProblemHttpResult Unprocessable(string code, string detail) =>
        Create(StatusCodes.Status422UnprocessableEntity, code, detail);

    public static ProblemHttpResult NotImplemented(string detail) =>
        Create(StatusCodes.Status501NotImplemented, "not_implemented", detail);

    private static string TitleOf(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        409 => "Conflict",
        413 => "Payload too large",
        415 => "Unsupported media type",
        422 => "Unprocessable request",
        429 => "Too many requests",
        501 => "Not implemented",
        503 => "Service unavailable",
        _ => "Error",
    };
}
