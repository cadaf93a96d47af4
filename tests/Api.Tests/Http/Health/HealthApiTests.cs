using System.Net;
using Xunit;

namespace Telemetry.Api.Tests.Http.Health;

[Collection(ServerCollection.Name)]
public sealed class HealthApiTests(TelemetryServer server)
{
    [Fact]
    public async Task Health_reports_api_cluster_and_storage_healthy_without_a_key()
    {
        using var response = await server.SendAsync(HttpMethod.Get, $"{TelemetryServer.Base}/health", apiKey: null);

        var body = await Api.JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        var components = body.GetProperty("components");
        Assert.Equal(["api", "cluster", "storage"], components.EnumerateObject().Select(c => c.Name).Order().ToArray());
        foreach (var component in components.EnumerateObject())
        {
            Assert.Equal("healthy", component.Value.GetProperty("status").GetString());
        }

        // One silo in this cluster: the test server itself.
        Assert.Equal(1, components.GetProperty("cluster").GetProperty("details").GetProperty("silos").GetInt32());
    }

    [Fact]
    public async Task Health_is_also_served_under_the_tenant_path()
    {
        using var response = await server.SendAsync(HttpMethod.Get, $"/v1/tenants/{TelemetryServer.NewTenant()}/telemetry/health", apiKey: null);

        var body = await Api.JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("healthy", body.GetProperty("status").GetString());
    }
}
