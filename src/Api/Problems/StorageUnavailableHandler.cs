using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Telemetry.Ingest;

namespace Telemetry.Api.Problems;

/// <summary>
/// Any request that fails because storage cannot be reached (grain state, the log, the audit trail) answers
/// 503 <c>storage_unavailable</c> with <c>Retry-After</c>, never a 500: clients retry it whole.
/// </summary>
public sealed class StorageUnavailableHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (Find(exception) is not { } unavailable || httpContext.Response.HasStarted)
        {
            return false;
        }

        httpContext.Response.Headers.RetryAfter = "1";
        await Problem.Create(StatusCodes.Status503ServiceUnavailable, "storage_unavailable", $"{unavailable.Message} Retry the whole request.")
            .ExecuteAsync(httpContext);
        return true;
    }

    private static StorageUnavailableException? Find(Exception? exception) => exception switch
    {
        null => null,
        StorageUnavailableException unavailable => unavailable,
        AggregateException aggregate => aggregate.InnerExceptions.Select(Find).FirstOrDefault(e => e is not null),
        _ => Find(exception.InnerException),
    };
}
