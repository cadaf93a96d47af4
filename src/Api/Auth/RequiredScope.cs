using Microsoft.AspNetCore.Builder;
using Telemetry.Tenancy;

namespace Telemetry.Api.Auth;

/// <summary>Endpoint metadata: the scope a key needs to call the endpoint.</summary>
public sealed record RequiredScope(ApiKeyScope Scope);

public static class RequiredScopeExtensions
{
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, ApiKeyScope scope)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredScope(scope));
}
