using System.Net.Http.Json;
using System.Text.Json;
using Telemetry.Api.Tests.Http;
using Telemetry.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Telemetry.Api.Tests.Durability;

/// <summary>
/// Two silo processes form one cluster through Azure Table clustering on Azurite. Samples are ingested through
/// silo A and read through silo B; A is killed with SIGKILL mid-stream and started again with the same name
/// (and ports), replays its own log, and B then answers with every sample A acknowledged.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class MultiSiloTests(ITestOutputHelper output, AzuriteFixture azurite) : IDisposable
{
    private readonly string _serviceId = AzuriteFixture.NewServiceId();
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "telemetry-cluster-" + Guid.NewGuid().ToString("N"));
    private readonly (int Silo, int Gateway) _portsA = (Ports.Free(), Ports.Free());
    private readonly (int Silo, int Gateway) _portsB = (Ports.Free(), Ports.Free());

    [Fact]
    public async Task Ingest_through_one_silo_query_through_the_other_and_a_killed_silo_loses_no_acknowledged_sample()
    {
        var ledger = new SampleLedger();
        var a = await SiloProcess.StartAsync(_dataPath, SampleLedger.BootstrapKey, Args("silo-a", _portsA));
        await using var b = await SiloProcess.StartAsync(_dataPath, SampleLedger.BootstrapKey, Args("silo-b", _portsB));
        using var viaB = SampleLedger.Client(b);
        await SiloProcess.WaitForSilosAsync(viaB, 2);
        int requests;
        try
        {
            using var viaA = SampleLedger.Client(a);
            using var ingest = new CancellationTokenSource();
            var writer = Task.Run(() => ledger.IngestUntilAsync(viaA, ingest.Token));

            // What A acknowledges, B answers with (once A has applied it behind its log). The time from the first
            // acknowledgement to B's first answer with it bounds cross-silo visibility (polling adds up to 10 ms).
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (ledger.Acknowledged == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "Silo A acknowledged nothing.\n" + a.Output);
                await Task.Delay(1);
            }

            var visible = System.Diagnostics.Stopwatch.StartNew();
            while (await ledger.CountFirstSeriesAsync(viaB) == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "Silo B never saw a sample ingested through silo A.\n" + a.Output + b.Output);
                await Task.Delay(10);
            }

            output.WriteLine($"Acknowledged through silo A, visible through silo B after {visible.Elapsed.TotalMilliseconds:0} ms (including the query).");

            await Task.Delay(TimeSpan.FromSeconds(1));
            a.Kill();
            requests = await writer;
        }
        finally
        {
            await a.DisposeAsync();
        }

        output.WriteLine($"{requests} requests acknowledged by silo A ({ledger.Acknowledged} samples) before SIGKILL.");

        // A comes back under its name and replays its log; its new incarnation declares the killed one dead.
        await using var restarted = await SiloProcess.StartAsync(_dataPath, SampleLedger.BootstrapKey, Args("silo-a", _portsA));
        await ledger.VerifyAsync(viaB);
    }

    [Fact]
    public async Task A_survivor_reapplies_its_log_to_the_series_that_lived_on_a_dead_silo()
    {
        // The first samples go in through A, so the series grains activate on A (placement prefers the
        // caller's silo); later samples go in through B's log to those grains on A. A's restart replays only
        // A's log: B's samples come back because B re-applies its own log once A is declared dead.
        var ledger = new SampleLedger();
        var a = await SiloProcess.StartAsync(_dataPath, SampleLedger.BootstrapKey, Args("silo-a", _portsA));
        await using var b = await SiloProcess.StartAsync(_dataPath, SampleLedger.BootstrapKey, Args("silo-b", _portsB));
        using var viaA = SampleLedger.Client(a);
        using var viaB = SampleLedger.Client(b);
        await SiloProcess.WaitForSilosAsync(viaB, 2);
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
        {
            await ledger.IngestUntilAsync(viaA, stop.Token);
        }

        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            await ledger.IngestUntilAsync(viaB, stop.Token);
        }

        await ledger.VerifyAsync(viaB);
        a.Kill();
        await a.DisposeAsync();
        output.WriteLine($"{ledger.Acknowledged} samples acknowledged by silo B; silo A killed.");

        // A's new incarnation on the same address declares the killed one dead at once.
        await using var restarted = await SiloProcess.StartAsync(_dataPath, SampleLedger.BootstrapKey, Args("silo-a", _portsA));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                await ledger.VerifyAsync(viaB);
                break;
            }
            catch (Xunit.Sdk.XunitException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }

        Assert.Contains("re-applied", b.Output);
    }

    [Fact]
    public async Task A_rule_created_through_one_silo_fires_for_samples_ingested_through_the_other()
    {
        await using var receiver = WebhookReceiver.Answering(200);
        string[] allowLoopback = ["--Telemetry:Outbound:AllowedHosts:0=127.0.0.1"];
        await using var a = await SiloProcess.StartAsync(_dataPath, SampleLedger.BootstrapKey, [.. Args("silo-a", _portsA), .. allowLoopback]);
        await using var b = await SiloProcess.StartAsync(_dataPath, SampleLedger.BootstrapKey, [.. Args("silo-b", _portsB), .. allowLoopback]);
        using var viaA = SampleLedger.Client(a);
        using var viaB = SampleLedger.Client(b);
        await SiloProcess.WaitForSilosAsync(viaB, 2);

        // B evaluates this tenant's series before the rule exists, so it holds the tenant's rules (none) already.
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-5);
        await IngestAsync(viaB, Telemetry.Api.Tests.Http.Api.Record("inventory.available", 50, t0, new { sku = "A-100" }));

        using var created = await viaA.PostAsync("/v1/telemetry/alerts", Telemetry.Api.Tests.Http.Api.Json(new
        {
            name = "low stock",
            condition = new { metric = "inventory.available", op = "<", threshold = 10 },
            channels = new[] { new { type = "webhook", url = receiver.Url.ToString(), secret = "whsec_0123456789abcdef" } },
        }));
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);

        await IngestAsync(viaB, Telemetry.Api.Tests.Http.Api.Record("inventory.available", 3, t0.AddMinutes(1), new { sku = "A-100" }));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (receiver.Requests.IsEmpty)
        {
            Assert.True(DateTime.UtcNow < deadline, "No webhook arrived.\n" + a.Output + b.Output);
            await Task.Delay(20);
        }

        var body = JsonDocument.Parse(receiver.Requests.First().Body).RootElement;
        Assert.Equal("firing", body.GetProperty("kind").GetString());
        Assert.Equal(3, body.GetProperty("incident").GetProperty("triggering_value").GetDouble());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private string[] Args(string siloName, (int Silo, int Gateway) ports) =>
    [
        "--Telemetry:Storage:Provider=Azure",
        $"--Telemetry:Storage:ConnectionString={azurite.ConnectionString}",
        $"--Telemetry:Cluster:ServiceId={_serviceId}",
        $"--Telemetry:Cluster:ClusterId={_serviceId}",
        $"--Telemetry:Cluster:SiloName={siloName}",
        $"--Telemetry:Cluster:SiloPort={ports.Silo}",
        $"--Telemetry:Cluster:GatewayPort={ports.Gateway}",
    ];

    private static async Task IngestAsync(HttpClient client, string record)
    {
        using var response = await client.PostAsync("/v1/telemetry/ingest", new StringContent("[" + record + "]", System.Text.Encoding.UTF8, "application/json"));
        var json = await Telemetry.Api.Tests.Http.Api.JsonAsync(response, System.Net.HttpStatusCode.Accepted);
        Assert.Equal(1, json.GetProperty("accepted").GetInt32());
    }
}
