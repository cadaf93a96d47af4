using Microsoft.AspNetCore.Builder;

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
