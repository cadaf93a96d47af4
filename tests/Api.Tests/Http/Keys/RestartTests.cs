using System.Net;
using Xunit;

namespace Telemetry.Api.Tests.Http.Keys;

/// <summary>What must survive stopping the service and starting it again on the same data directory.</summary>
[Collection(OwnServerCollection.Name)]
public sealed class RestartTests : IAsyncLifetime
{
    private readonly TelemetryServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Keys_and_the_metric_index_survive_a_restart()
    {
        var t0 = Api.RecentBase();
        var tenant = TelemetryServer.NewTenant();
        var key = await _server.CreateTenantKeyAsync(tenant, "ingest", "query");
        var revoked = await _server.CreateTenantKeyAsync(tenant, "query");
        using (var delete = await _server.SendAsync(HttpMethod.Delete, $"{TelemetryServer.Base}/keys/{revoked.Id}", TelemetryServer.BootstrapKey, tenant))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        await _server.IngestOkAsync(key, Api.Array(Api.Record("bins.used", 5, t0, new { zone = "a" }, "gauge")));

        await _server.StopAsync();
        await _server.StartAsync();

        // The key still authenticates; the revoked one still does not.
        using (var query = await _server.SendAsync(HttpMethod.Get, $"{TelemetryServer.Base}/query?metric=bins.used", key.Key, tenant))
        {
            await Api.JsonAsync(query, HttpStatusCode.OK);
        }

        using (var query = await _server.SendAsync(HttpMethod.Get, $"{TelemetryServer.Base}/query?metric=bins.used", revoked.Key, tenant))
        {
            await Api.ProblemAsync(query, HttpStatusCode.Unauthorized, "unauthorized");
        }

        // The tenant's key list is intact.
        using (var list = await _server.SendAsync(HttpMethod.Get, $"{TelemetryServer.Base}/keys", TelemetryServer.BootstrapKey, tenant))
        {
            var keys = await Api.JsonAsync(list, HttpStatusCode.OK);
            Assert.Equal([key.Id], keys.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("id").GetString()!).ToArray());
        }

        // The metric is still a gauge: a counter in a new series is a type conflict.
        using var counter = await _server.IngestAsync(key, Api.Array(Api.Record("bins.used", 6, t0, new { zone = "b" }, "counter")));
        var problem = await Api.ProblemAsync(counter, HttpStatusCode.BadRequest, "no_valid_records");
        Assert.Equal(["0:type_conflict"], Api.ErrorCodes(problem));
    }

    [Fact]
    public async Task A_second_server_on_a_data_directory_in_use_fails_to_start()
    {
        var second = new SameDirectoryServer(_server.DataPath);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(second.StartAsync);

        Assert.Contains("in use", error.Message);
    }

    private sealed class SameDirectoryServer(string dataPath) : TelemetryServer
    {
        protected override IEnumerable<string> ExtraArgs => [$"--Telemetry:Storage:DataPath={dataPath}"];
    }
}
