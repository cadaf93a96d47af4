using System.Net;
using Xunit;

namespace Telemetry.Api.Tests.Http.Hosting;

/// <summary>Answers the framework gives itself (no route, wrong method) are problems with a code too.</summary>
[Collection(ServerCollection.Name)]
public sealed class UnknownRouteTests(TelemetryServer server)
{
    [Fact]
    public async Task An_unknown_route_is_404_not_found()
    {
        using var response = await server.SendAsync(HttpMethod.Get, $"{TelemetryServer.Base}/no-such-thing", TelemetryServer.BootstrapKey, TelemetryServer.NewTenant());

        await Api.ProblemAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_known_route_with_another_method_is_405_method_not_allowed()
    {
        using var response = await server.SendAsync(HttpMethod.Put, $"{TelemetryServer.Base}/ingest", TelemetryServer.BootstrapKey, TelemetryServer.NewTenant());

        await Api.ProblemAsync(response, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }
}
