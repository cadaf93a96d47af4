using System.Net;
using Xunit;

namespace Telemetry.Api.Tests.Http.Keys;

/// <summary>The Local provider: what survives a restart on the same data directory, and the directory's lock.</summary>
[Collection(OwnServerCollection.Name)]
public sealed class RestartTests() : ServerRestartTests(new TelemetryServer())
{
    [Fact]
    public async Task A_second_server_on_a_data_directory_in_use_fails_to_start()
    {
        var second = new SameDirectoryServer(Server.DataPath);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(second.StartAsync);

        Assert.Contains("in use", error.Message);
    }

    [Fact]
    public async Task A_graceful_stop_moves_hot_samples_to_segments_and_the_replay_does_not_count_them_twice()
    {
        var t0 = Api.RecentBase();
        var tenant = TelemetryServer.NewTenant();
        var key = await Server.CreateTenantKeyAsync(tenant, "ingest", "query");
        await Server.IngestOkAsync(key, Api.Array(
            Api.Record("picks.done", 5, t0, new { zone = "a" }, "counter"),
            Api.Record("picks.done", 9, t0.AddSeconds(30), new { zone = "a" }, "counter")));

        await Server.StopAsync();
        var segments = Path.Combine(Server.DataPath, "segments", tenant, "picks.done", "raw");
        Assert.NotEmpty(Directory.Exists(segments) ? Directory.GetFiles(segments, "*.parquet", SearchOption.AllDirectories) : []);
        await Server.StartAsync();

        using var sum = await Server.SendAsync(HttpMethod.Get, $"{TelemetryServer.Base}/query?metric=picks.done&start={Api.Utc(t0.AddMinutes(-1))}&granularity=1d&aggregation=sum&fill=none", key.Key, tenant);
        var points = Api.Series(await Api.JsonAsync(sum, HttpStatusCode.OK)).SelectMany(s => s.GetProperty("points").EnumerateArray()).ToList();
        Assert.Equal(14, Assert.Single(points).GetProperty("v").GetDouble());
    }

    private sealed class SameDirectoryServer(string dataPath) : TelemetryServer
    {
        protected override IEnumerable<string> ExtraArgs => [$"--Telemetry:Storage:DataPath={dataPath}"];
    }
}
