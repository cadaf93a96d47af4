using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Telemetry.Api.Hosting;

/// <summary>
/// Every route is mapped twice: under <c>/v1/telemetry</c> (primary; named and documented in Swagger) and
/// under <c>/v1/tenants/{tenantId}/telemetry</c> (the tenant-path form; same handlers, not repeated in Swagger).
/// </summary>
public sealed record ApiRoutes(bool IsPrimary)
{
    public const string Base = "/v1/telemetry";
    public const string TenantBase = "/v1/tenants/{tenantId}/telemetry";
}

public static class ApiRoutesExtensions
{
    public static RouteHandlerBuilder Named(this RouteHandlerBuilder builder, ApiRoutes routes, string name, string summary) =>
        routes.IsPrimary
            ? builder.WithName(name).WithSummary(summary)
            : builder.WithSummary(summary).ExcludeFromDescription();
}
