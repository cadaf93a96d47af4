using System.Net;
using Xunit;

namespace Telemetry.Api.Tests.Http.NotYet;

[Collection(ServerCollection.Name)]
public sealed class NotYetApiTests(TelemetryServer server)
{
    [Theory]
    [InlineData("GET", "/v1/telemetry/alerts")]
    [InlineData("POST", "/v1/telemetry/sql")]
    [InlineData("GET", "/v1/tenants/acme/telemetry/alerts")]
    public async Task A_route_not_built_yet_answers_501_not_implemented(string method, string path)
    {
        using var response = await server.SendAsync(new HttpMethod(method), path, apiKey: null);

        var problem = await Api.ProblemAsync(response, HttpStatusCode.NotImplemented, "not_implemented");
        Assert.Contains("not built yet", problem.GetProperty("detail").GetString());
    }
}
