using Microsoft.AspNetCore.Http;
using Telemetry.Tenancy;

namespace Telemetry.Api.Auth;

/// <summary>Who is calling, for which tenant, with what scopes; set by <see cref="ApiKeyAuthMiddleware"/>.</summary>
public sealed record TelemetryCaller(string TenantId, string KeyId, ApiKeyScope Scopes, bool IsPlatformAdmin);

public static class TelemetryCallerExtensions
{
    /// <summary>The authenticated caller of an endpoint that requires a scope.</summary>
    public static TelemetryCaller Caller(this HttpContext context) =>
        context.Features.Get<TelemetryCaller>()
        ?? throw new InvalidOperationException("The endpoint has no RequireScope; no caller was authenticated.");
}
