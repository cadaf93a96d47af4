using Microsoft.AspNetCore.Http;
using Telemetry.Idempotency;

namespace Telemetry.Api.Ingest;

/// <summary>Writes a <see cref="StoredResponse"/> back exactly as it was first sent.</summary>
public sealed class StoredResponseResult(StoredResponse response) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = response.StatusCode;
        httpContext.Response.ContentType = response.ContentType;
        httpContext.Response.ContentLength = response.Body.Length;
        await httpContext.Response.Body.WriteAsync(response.Body);
    }
}
