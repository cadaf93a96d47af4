using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Telemetry.Api.Audit;
using Telemetry.Api.Auth;
using Telemetry.Api.Hosting;
using Telemetry.Api.Problems;
using Telemetry.Api.Wire;
using Telemetry.Tenancy;

namespace Telemetry.Api.Keys;

/// <summary>Tenant-scoped API keys: create (plaintext shown once), list, revoke. Needs the admin scope.</summary>
public static class KeysApi
{
    private const int MaxNameLength = 100;

    public static void MapKeysApi(this RouteGroupBuilder group, ApiRoutes routes)
    {
        group.MapPost("/keys", CreateKeyAsync)
            .Named(routes, "CreateKey", "Create an API key for the tenant; the plaintext key is returned once")
            .DocumentBody<CreateKeyRequest, RouteHandlerBuilder>()
            .WithTags("Keys")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireScope(ApiKeyScope.Admin);

        group.MapGet("/keys", ListKeysAsync)
            .Named(routes, "ListKeys", "List the tenant's keys (never their secrets)")
            .WithTags("Keys")
            .RequireScope(ApiKeyScope.Admin);

        group.MapDelete("/keys/{keyId}", DeleteKeyAsync)
            .Named(routes, "DeleteKey", "Revoke one of the tenant's keys")
            .WithTags("Keys")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireScope(ApiKeyScope.Admin);
    }

    public static async Task<Results<Created<KeyResponse>, ProblemHttpResult>> CreateKeyAsync(
        HttpContext context, IGrainFactory grains, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync<CreateKeyRequest>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(request!.Name) || request.Name.Length > MaxNameLength)
        {
            return Problem.BadRequest("invalid_key", $"'name' is required, at most {MaxNameLength} characters.");
        }

        if (request.Scopes is not { Length: > 0 })
        {
            return Problem.BadRequest("invalid_scope", "'scopes' must list at least one of ingest, query, admin.");
        }

        if (!KeyScopes.TryParse(request.Scopes, out var scopes, out var unknown))
        {
            return Problem.BadRequest("invalid_scope", $"Unknown scope '{unknown}'; scopes are ingest, query and admin.");
        }

        DateTimeOffset? expiresAt = null;
        if (request.ExpiresIn is not null)
        {
            if (!TimeSpanText.TryParse(request.ExpiresIn, out var lifetime) || lifetime <= TimeSpan.Zero || lifetime > TimeSpan.FromDays(3650))
            {
                return Problem.BadRequest("invalid_expiry", "'expires_in' must be a positive duration up to 10 years, such as '90d', '12h' or 'P30D'.");
            }

            expiresAt = time.GetUtcNow() + lifetime;
        }

        var caller = context.Caller();
        var created = await grains.GetGrain<ITenantGrain>(caller.TenantId).CreateKeyAsync(request.Name.Trim(), scopes, expiresAt);
        await audit.RecordAsync(caller, AuditActions.KeyCreate, created.Info.Id, null, KeyResponse.From(created.Info));
        return TypedResults.Created($"{context.Request.Path}/{created.Info.Id}", KeyResponse.From(created.Info, created.Plaintext));
    }

    public static async Task<Ok<KeyListResponse>> ListKeysAsync(HttpContext context, IGrainFactory grains)
    {
        var keys = await grains.GetGrain<ITenantGrain>(context.Caller().TenantId).ListKeysAsync();
        return TypedResults.Ok(new KeyListResponse([.. keys.Select(k => KeyResponse.From(k))]));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteKeyAsync(string keyId, HttpContext context, IGrainFactory grains, AuditTrail audit)
    {
        var caller = context.Caller();
        var tenant = grains.GetGrain<ITenantGrain>(caller.TenantId);
        var before = (await tenant.ListKeysAsync()).FirstOrDefault(k => k.Id == keyId);
        if (!await tenant.DeleteKeyAsync(keyId))
        {
            return Problem.NotFound("key_not_found", $"The tenant has no key '{keyId}'.");
        }

        // The audit record holds a key's description, never its plaintext (an expired key is no longer listed).
        await audit.RecordAsync(caller, AuditActions.KeyDelete, keyId, before is null ? null : KeyResponse.From(before), null);
        return TypedResults.NoContent();
    }
}
