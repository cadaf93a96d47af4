using Microsoft.AspNetCore.Builder;

namespace Telemetry.Api.Hosting;

/// <summary>Endpoint metadata describing a query-string parameter the handler reads itself (for Swagger only).</summary>
public sealed record DocumentedQueryParameter(string Name, string Description, bool Required = false);

public static class DocumentedQueryParameterExtensions
{
    public static RouteHandlerBuilder DocumentQuery(this RouteHandlerBuilder builder, params DocumentedQueryParameter[] parameters) =>
        builder.WithMetadata([.. parameters]);
}
