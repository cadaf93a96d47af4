using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Telemetry.Api.Hosting;
using Telemetry.Streams;

namespace Telemetry.Api.Streaming;

/// <summary><c>GET /capabilities</c>: what this server supports, so clients need not guess (no key needed; it reveals no tenant data).</summary>
public static class CapabilitiesApi
{
    public static void MapCapabilitiesApi(this RouteGroupBuilder group, ApiRoutes routes) =>
        group.MapGet("/capabilities", Get)
            .Named(routes, "GetCapabilities", "Supported stream transports, emit modes, conditions and the stream limits in force")
            .WithTags("Streams");

    public static Ok<CapabilitiesResponse> Get(IOptions<StreamsOptions> options)
    {
        var o = options.Value;
        return TypedResults.Ok(new CapabilitiesResponse(new StreamCapabilities(
            StreamTransports.Supported,
            StreamTransports.NotSupported,
            ["every", "crossing"],
            ["<", "<=", ">", ">=", "==", "!="],
            o.ReplayBufferSize,
            o.ConnectionBufferSize,
            o.MaxConnectionsPerTenant,
            o.MaxStreamsPerTenant,
            o.HeartbeatInterval,
            o.ConnectTokenLifetime)));
    }
}
