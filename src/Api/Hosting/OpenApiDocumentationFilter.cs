using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Telemetry.Api.Hosting;

/// <summary>Adds the request bodies and query parameters that handlers read themselves to the OpenAPI document.</summary>
public sealed class OpenApiDocumentationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<DocumentedBody>().FirstOrDefault() is { } body)
        {
            var schema = context.SchemaGenerator.GenerateSchema(body.Type, context.SchemaRepository);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = body.ContentTypes.ToDictionary(type => type, IOpenApiMediaType (_) => new OpenApiMediaType { Schema = schema }),
            };
        }

        foreach (var parameter in metadata.OfType<DocumentedQueryParameter>())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = parameter.Name,
                In = ParameterLocation.Query,
                Required = parameter.Required,
                Description = parameter.Description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
    }
}
