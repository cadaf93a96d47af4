using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Telemetry.Api.Tests.Durability;
using Telemetry.Testing;
using Xunit;

namespace Telemetry.Api.Tests.Http.Streams;

/// <summary>
/// Two silo processes on the Azure provider (Azurite): matches travel through Azure queues (the Orleans Azure Queue
/// stream provider), so a client connected to either silo gets the events of series living on either silo, and a
/// connect token issued by one silo opens a connection on the other.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ClusterStreamTests(AzuriteFixture azurite) : IDisposable
{
    private const string Tenant = "acme-streams";
    private readonly string _serviceId = AzuriteFixture.NewServiceId();
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "telemetry-cluster-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Clients_on_either_silo_get_the_events_of_series_ingested_through_either_silo()
    {
        await using var a = await SiloProcess.StartAsync(_dataPath, SampleLedger.BootstrapKey, Args("silo-a"));
        await using var b = await SiloProcess.StartAsync(_dataPath, SampleLedger.BootstrapKey, Args("silo-b"));
        using var viaA = Client(a);
        using var viaB = Client(b);
        await SiloProcess.WaitForSilosAsync(viaB, 2);

        using var created = await viaA.PostAsJsonAsync("/v1/telemetry/streams", new
        {
            name = "low stock",
            filter = new { metric = "inventory.on_hand", condition = "<", threshold = 10 },
            transport = "sse",
        });
        var stream = await Api.JsonAsync(created, HttpStatusCode.Created);
        var query = $"/v1/telemetry/ws/connect?stream_id={stream.GetProperty("id").GetString()}&token={Uri.EscapeDataString(stream.GetProperty("connection").GetProperty("connect_token").GetString()!)}";
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        await using var onA = await SseClient.ConnectAsync(plain, new Uri(a.BaseAddress, query).ToString());
        await using var onB = await SseClient.ConnectAsync(plain, new Uri(b.BaseAddress, query).ToString());

        // Membership settling after B joined (directory partitions moving, queues rebalancing) can lose live events:
        // delivery to connections is at most once. Probe until both clients hear, then check the steady state.
        await ProbeUntilHeardAsync(viaA, onA, onB);

        // Many series through each silo, so series grains live on both.
        const int seriesPerSilo = 20;
        await IngestAsync(viaA, "via-a", seriesPerSilo);
        await IngestAsync(viaB, "via-b", seriesPerSilo);

        foreach (var (client, name) in new[] { (onA, "A"), (onB, "B") })
        {
            var skus = new HashSet<string>();
            while (skus.Count < 2 * seriesPerSilo)
            {
                try
                {
                    var sku = (await client.NextAsync("match")).Json.GetProperty("dimensions").GetProperty("sku").GetString()!;
                    if (sku != "probe")
                    {
                        skus.Add(sku);
                    }
                }
                catch (Xunit.Sdk.XunitException e)
                {
                    var statsA = await viaA.GetStringAsync($"/v1/telemetry/streams/{stream.GetProperty("id").GetString()}");
                    var statsB = await viaB.GetStringAsync($"/v1/telemetry/streams/{stream.GetProperty("id").GetString()}");
                    Assert.Fail($"The client on silo {name} got {skus.Count} of {2 * seriesPerSilo} series ({e.Message}).\nvia A: {statsA}\nvia B: {statsB}\nA:\n{a.Output}\nB:\n{b.Output}");
                }
            }

            Assert.Equal(seriesPerSilo, skus.Count(s => s.StartsWith("via-a", StringComparison.Ordinal)));
            Assert.Equal(seriesPerSilo, skus.Count(s => s.StartsWith("via-b", StringComparison.Ordinal)));
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
            // Best effort (or nothing was written).
        }
    }

    private static async Task ProbeUntilHeardAsync(HttpClient client, params SseClient[] listeners)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var heard = new bool[listeners.Length];
        while (!heard.All(h => h))
        {
            Assert.True(DateTime.UtcNow < deadline, "The clients did not hear the probe within 60 s.");
            var body = Api.Array(Api.Record("inventory.on_hand", 1, null, new { sku = "probe", location_id = "loc_1" }));
            using (var response = await client.PostAsync("/v1/telemetry/ingest", new StringContent(body, System.Text.Encoding.UTF8, "application/json")))
            {
                await Api.JsonAsync(response, HttpStatusCode.Accepted);
            }

            await Task.Delay(500);
            for (var i = 0; i < listeners.Length; i++)
            {
                heard[i] |= listeners[i].Received().Any(m => m.Event == "match");
            }
        }
    }

    private static async Task IngestAsync(HttpClient client, string prefix, int series)
    {
        var body = Api.Array([.. Enumerable.Range(0, series).Select(i => Api.Record("inventory.on_hand", 1 + (i % 9), null, new { sku = $"{prefix}-{i}", location_id = "loc_1" }))]);
        using var response = await client.PostAsync("/v1/telemetry/ingest", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(series, (await Api.JsonAsync(response, HttpStatusCode.Accepted)).GetProperty("accepted").GetInt32());
    }

    private static HttpClient Client(SiloProcess silo)
    {
        var client = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", SampleLedger.BootstrapKey);
        client.DefaultRequestHeaders.Add("X-Tenant-ID", Tenant);
        return client;
    }

    private string[] Args(string siloName) =>
    [
        "--Telemetry:Storage:Provider=Azure",
        $"--Telemetry:Storage:ConnectionString={azurite.ConnectionString}",
        $"--Telemetry:Cluster:ServiceId={_serviceId}",
        $"--Telemetry:Cluster:ClusterId={_serviceId}",
        $"--Telemetry:Cluster:SiloName={siloName}",
        $"--Telemetry:Cluster:SiloPort={Ports.Free()}",
        $"--Telemetry:Cluster:GatewayPort={Ports.Free()}",
    ];
}
