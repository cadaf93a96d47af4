using System.Net;
using Xunit;

namespace Telemetry.Api.Tests.Http.Keys;

/// <summary>What must survive stopping the service and starting it again on the same storage, for each provider.</summary>
public abstract class ServerRestartTests(TelemetryServer server) : IAsyncLifetime
{
    protected TelemetryServer Server => server;

    public Task InitializeAsync() => server.InitializeAsync();

    public Task DisposeAsync() => server.DisposeAsync();

    [Fact]
    public async Task Keys_and_the_metric_index_survive_a_restart()
    {
        var t0 = Api.RecentBase();
        var tenant = TelemetryServer.NewTenant();
        var key = await server.CreateTenantKeyAsync(tenant, "ingest", "query");
        var revoked = await server.CreateTenantKeyAsync(tenant, "query");
        using (var delete = await server.SendAsync(HttpMethod.Delete, $"{TelemetryServer.Base}/keys/{revoked.Id}", TelemetryServer.BootstrapKey, tenant))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        await server.IngestOkAsync(key, Api.Array(Api.Record("bins.used", 5, t0, new { zone = "a" }, "gauge")));

        await server.StopAsync();
        await server.StartAsync();

        // The key still authenticates; the revoked one still does not.
        using (var query = await server.SendAsync(HttpMethod.Get, $"{TelemetryServer.Base}/query?metric=bins.used", key.Key, tenant))
        {
            await Api.JsonAsync(query, HttpStatusCode.OK);
        }

        using (var query = await server.SendAsync(HttpMethod.Get, $"{TelemetryServer.Base}/query?metric=bins.used", revoked.Key, tenant))
        {
            await Api.ProblemAsync(query, HttpStatusCode.Unauthorized, "unauthorized");
        }

        // The tenant's key list is intact.
        using (var list = await server.SendAsync(HttpMethod.Get, $"{TelemetryServer.Base}/keys", TelemetryServer.BootstrapKey, tenant))
        {
            var keys = await Api.JsonAsync(list, HttpStatusCode.OK);
            Assert.Equal([key.Id], keys.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("id").GetString()!).ToArray());
        }

        // The sample is back: the log was replayed into the series.
        using (var count = await server.SendAsync(HttpMethod.Get, $"{TelemetryServer.Base}/query?metric=bins.used&start={Api.Utc(t0.AddMinutes(-1))}&granularity=1d&aggregation=count&fill=none", key.Key, tenant))
        {
            var points = Api.Series(await Api.JsonAsync(count, HttpStatusCode.OK)).SelectMany(s => s.GetProperty("points").EnumerateArray()).ToList();
            Assert.Equal(1, Assert.Single(points).GetProperty("v").GetDouble());
        }

        // The metric is still a gauge: a counter in a new series is a type conflict.
        using var counter = await server.IngestAsync(key, Api.Array(Api.Record("bins.used", 6, t0, new { zone = "b" }, "counter")));
        var problem = await Api.ProblemAsync(counter, HttpStatusCode.BadRequest, "no_valid_records");
        Assert.Equal(["0:type_conflict"], Api.ErrorCodes(problem));
    }
}
