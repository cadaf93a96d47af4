using Microsoft.AspNetCore.Builder;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Telemetry.Api.Hosting;

/// <summary>
/// Endpoint metadata describing a request body for Swagger only. Unlike <c>Accepts&lt;T&gt;</c> it does not
/// make routing refuse other content types with 415: handlers read their bodies themselves and say
/// precisely what is wrong with them.
/// </summary>
public sealed record DocumentedBody(Type Type, string[] ContentTypes);

public static class DocumentedBodyExtensions
{
    public static TBuilder DocumentBody<TBody, TBuilder>(this TBuilder builder, params string[] contentTypes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DocumentedBody(typeof(TBody), contentTypes.Length == 0 ? ["application/json"] : contentTypes));
}

/// <summary>Turns <see cref="DocumentedBody"/> metadata into the operation's request body schema.</summary>
public sealed class DocumentedBodyOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var body = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<DocumentedBody>().FirstOrDefault();
        if (body is null)
        {
            return;
        }

        var schema = context.SchemaGenerator.GenerateSchema(body.Type, context.SchemaRepository);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = body.ContentTypes.ToDictionary(type => type, IOpenApiMediaType (_) => new OpenApiMediaType { Schema = schema }),
        };
    }
}
