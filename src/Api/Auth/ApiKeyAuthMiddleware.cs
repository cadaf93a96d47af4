using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Telemetry.Api.Streaming;
using Telemetry.Api.Problems;
using Telemetry.Tenancy;

namespace Telemetry.Api.Auth;

/// <summary>
/// Authenticates requests to endpoints that carry <see cref="RequiredScope"/>: reads the key from
/// <c>Authorization: Bearer</c> or <c>X-Api-Key</c>, resolves the tenant from the path or <c>X-Tenant-ID</c>
/// (a tenant key without either acts for its own tenant), and checks tenant and scope. A key used for
/// another tenant gets the same 403 whether or not that tenant exists.
/// </summary>
public sealed class ApiKeyAuthMiddleware(RequestDelegate next, IOptions<AuthOptions> options, IGrainFactory grains)
{
    public const string TenantHeader = "X-Tenant-ID";
    public const string ApiKeyHeader = "X-Api-Key";
    public const string TenantRouteValue = "tenantId";

    private readonly byte[]? _bootstrapKey = string.IsNullOrEmpty(options.Value.BootstrapKey)
        ? null
        : SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.BootstrapKey));

    public async Task InvokeAsync(HttpContext context)
    {
        var required = context.GetEndpoint()?.Metadata.GetMetadata<RequiredScope>();
        if (required is null)
        {
            await next(context);
            return;
        }

        var (caller, problem) = ConnectToken(context) is { } token
            ? AuthenticateConnectToken(context, token)
            : await AuthenticateAsync(context, required.Scope);
        if (problem is not null)
        {
            if (problem.StatusCode == StatusCodes.Status401Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }

            await problem.ExecuteAsync(context);
            return;
        }

        context.Features.Set(caller);
        await next(context);
    }

    private async Task<(TelemetryCaller? Caller, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Problem)> AuthenticateAsync(
        HttpContext context, ApiKeyScope scope)
    {
        var presented = PresentedKey(context.Request);
        if (presented is null)
        {
            return (null, Problem.Unauthorized("Send an API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'."));
        }

        var fromPath = context.Request.RouteValues[TenantRouteValue] as string;
        var fromHeader = context.Request.Headers[TenantHeader].ToString();
        if (fromPath is not null && fromHeader.Length > 0 && !string.Equals(fromPath, fromHeader, StringComparison.Ordinal))
        {
            return (null, Problem.BadRequest("tenant_mismatch", $"The path names tenant '{fromPath}' but {TenantHeader} names another."));
        }

        var tenant = fromPath ?? (fromHeader.Length > 0 ? fromHeader : null);
        if (tenant is not null && !TenantId.IsValid(tenant))
        {
            return (null, Problem.BadRequest("invalid_tenant", "Tenant ids are 1-64 characters: letters, digits, '_', '.', '-', starting with a letter or digit."));
        }

        if (IsBootstrapKey(presented))
        {
            return tenant is null
                ? (null, Problem.BadRequest("tenant_required", $"Name the tenant with the {TenantHeader} header or the /v1/tenants/{{tenantId}}/telemetry path."))
                : (new TelemetryCaller(tenant, "bootstrap", ApiKeyScope.Ingest | ApiKeyScope.Query | ApiKeyScope.Admin, IsPlatformAdmin: true), null);
        }

        if (!ApiKeySecret.TryParse(presented, out var keyId, out var secret))
        {
            return (null, Problem.Unauthorized("The API key is not valid."));
        }

        var key = await grains.GetGrain<IApiKeyGrain>(keyId).VerifyAsync(secret);
        if (key is null)
        {
            return (null, Problem.Unauthorized("The API key is not valid, has expired or was revoked."));
        }

        tenant ??= key.TenantId;
        if (!string.Equals(tenant, key.TenantId, StringComparison.Ordinal))
        {
            return (null, Problem.Forbidden("tenant_forbidden", "This API key may not act for the requested tenant."));
        }

        if ((key.Scopes & scope) == 0)
        {
            return (null, Problem.Forbidden("scope_forbidden", $"This API key lacks the '{scope.ToString().ToLowerInvariant()}' scope this endpoint needs."));
        }

        return (new TelemetryCaller(tenant, key.Id, key.Scopes, IsPlatformAdmin: false), null);
    }

    /// <summary>A connect token in the query of an endpoint that accepts one, when no key was sent.</summary>
    private static string? ConnectToken(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<ConnectTokenAccepted>() is not null
        && PresentedKey(context.Request) is null
        && context.Request.Query[ConnectTokenAccepted.QueryParameter].ToString() is { Length: > 0 } token
            ? token
            : null;

    /// <summary>A connect token acts for its tenant with the query scope, on its one stream (the endpoint checks which).</summary>
    private static (TelemetryCaller? Caller, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Problem) AuthenticateConnectToken(HttpContext context, string token)
    {
        var grant = context.RequestServices.GetRequiredService<ConnectTokens>().Verify(token);
        if (grant is null)
        {
            return (null, Problem.Unauthorized("The connect token is not valid or has expired; get a fresh one with GET /v1/telemetry/streams/{streamId}."));
        }

        var named = context.Request.RouteValues[TenantRouteValue] as string ?? context.Request.Headers[TenantHeader].ToString();
        if (named.Length > 0 && !string.Equals(named, grant.TenantId, StringComparison.Ordinal))
        {
            return (null, Problem.Forbidden("tenant_forbidden", "This connect token may not act for the requested tenant."));
        }

        context.Features.Set(grant);
        return (new TelemetryCaller(grant.TenantId, "connect-token", ApiKeyScope.Query, IsPlatformAdmin: false), null);
    }

    private bool IsBootstrapKey(string presented) =>
        _bootstrapKey is not null
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _bootstrapKey);

    private static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = authorization["Bearer ".Length..].Trim();
            return token.Length > 0 ? token : null;
        }

        var header = request.Headers[ApiKeyHeader].ToString().Trim();
        return header.Length > 0 ? header : null;
    }
}
