using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Telemetry.Api.Alerts;
using Telemetry.Api.Audit;
using Telemetry.Api.Auth;
using Telemetry.Api.Diagnostics;
using Telemetry.Api.Dimensions;
using Telemetry.Api.Health;
using Telemetry.Api.Ingest;
using Telemetry.Api.Keys;
using Telemetry.Api.NotYet;
using Telemetry.Api.Problems;
using Telemetry.Api.Query;
using Telemetry.Api.Schema;
using Telemetry.Api.Streaming;
using Telemetry.Api.Tenancy;
using Telemetry.Streams;

namespace Telemetry.Api.Hosting;

public static class TelemetryApiExtensions
{
    /// <summary>Options, JSON conventions (snake_case), problem details and Swagger for the HTTP API.</summary>
    public static IServiceCollection AddTelemetryApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AuthOptions>(configuration.GetSection(AuthOptions.Section));
        services.Configure<IngestOptions>(configuration.GetSection(IngestOptions.SectionName));
        services.Configure<QueryOptions>(configuration.GetSection(QueryOptions.Section));
        services.Configure<SeriesWindowOptions>(configuration.GetSection(SeriesWindowOptions.Section));
        services.Configure<SchemaOptions>(configuration.GetSection(SchemaOptions.Section));
        services.Configure<CardinalityLimitOptions>(configuration.GetSection(CardinalityLimitOptions.Section));
        services.Configure<AlertOptions>(configuration.GetSection(AlertOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SchemaViewCache>();
        services.AddSingleton<IngestPipeline>();
        services.AddSingleton<AuditTrail>();
        services.Configure<StreamsOptions>(configuration.GetSection(StreamsOptions.Section));
        services.AddSingleton<ConnectTokens>();
        services.AddSingleton<StreamHub>();

        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        });
        // The framework's own problems (no route: 404, wrong method: 405, an unhandled exception: 500) get a code
        // too, from the status's reason phrase; the API's problems already carry theirs.
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("code", CodeOf(context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode)));
        services.AddExceptionHandler<StorageUnavailableHandler>();
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(swagger =>
        {
            swagger.OperationFilter<OpenApiDocumentationFilter>();
            swagger.SupportNonNullableReferenceTypes();
            swagger.SwaggerDoc("v1", new Microsoft.OpenApi.OpenApiInfo
            {
                Title = "Inventory Metrics & Telemetry Aggregator",
                Version = "v1",
                Description = "Every route is also served under /v1/tenants/{tenantId}/telemetry. "
                    + "Authenticate with 'Authorization: Bearer <key>' or 'X-Api-Key'; name the tenant with X-Tenant-ID or the path.",
            });
        });
        return services;
    }

    /// <summary>Authentication, Swagger and every route of the API, under both base paths.</summary>
    public static WebApplication UseTelemetryApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSwagger();
        app.UseSwaggerUI();
        app.UseRouting();
        app.UseWebSockets();
        app.UseMiddleware<ApiKeyAuthMiddleware>();

        MapAreas(app.MapGroup(ApiRoutes.Base), new ApiRoutes(IsPrimary: true));
        MapAreas(app.MapGroup(ApiRoutes.TenantBase), new ApiRoutes(IsPrimary: false));
        return app;
    }

    /// <summary>"not_found", "method_not_allowed", "internal_server_error": the reason phrase in snake_case.</summary>
    private static string CodeOf(int status)
    {
        var phrase = ReasonPhrases.GetReasonPhrase(status);
        return phrase.Length == 0 ? "error" : phrase.ToLowerInvariant().Replace(' ', '_').Replace("-", "");
    }

    private static void MapAreas(RouteGroupBuilder group, ApiRoutes routes)
    {
        group.MapHealthApi(routes);
        group.MapKeysApi(routes);
        group.MapIngestApi(routes);
        group.MapQueryApi(routes);
        group.MapSchemaApi(routes);
        group.MapSettingsApi(routes);
        group.MapQuotasApi(routes);
        group.MapDimensionsApi(routes);
        group.MapDiagnosticsApi(routes);
        group.MapAuditApi(routes);
        group.MapAlertsApi(routes);
        group.MapIncidentsApi(routes);
        group.MapStreamsApi(routes);
        group.MapStreamConnectApi(routes);
        group.MapCapabilitiesApi(routes);
        group.MapNotYetApi();
    }
}
