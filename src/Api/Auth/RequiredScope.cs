using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Telemetry.Tenancy;

namespace Telemetry.Api.Auth;

/// <summary>Endpoint metadata: the scope a key needs to call the endpoint.</summary>
public sealed record RequiredScope(ApiKeyScope Scope);

public static class RequiredScopeExtensions
{
    /// <summary>Requires a key with <paramref name="scope"/>; documents the 401 and 403 answers.</summary>
    public static RouteHandlerBuilder RequireScope(this RouteHandlerBuilder builder, ApiKeyScope scope) =>
        builder
            .WithMetadata(new RequiredScope(scope))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
