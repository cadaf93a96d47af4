using Xunit;
using Xunit.Abstractions;

namespace Telemetry.Api.Tests.Durability;

/// <summary>
/// A 202 means the samples are durable: the service runs as its own process, a client ingests and records
/// every acknowledged sample, the process is killed with SIGKILL mid-stream and started again on the same
/// storage, and every acknowledged sample is there, once, and nothing that was refused. This class runs it on
/// the Local provider; <see cref="AzureCrashRecoveryTests"/> on the Azure one.
/// </summary>
public class CrashRecoveryTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "telemetry-crash-" + Guid.NewGuid().ToString("N"));

    /// <summary>Extra <c>--Key=value</c> arguments for both starts of the silo: the storage provider under test.</summary>
    protected virtual string[] SiloArgs => [];

    [Fact]
    public async Task Every_acknowledged_sample_survives_a_sigkill_and_none_is_stored_twice()
    {
        var ledger = new SampleLedger();
        var silo = await SiloProcess.StartAsync(_dataPath, SampleLedger.BootstrapKey, SiloArgs);
        int requests;
        try
        {
            using var client = SampleLedger.Client(silo);
            using var ingest = new CancellationTokenSource();
            var writer = Task.Run(() => ledger.IngestUntilAsync(client, ingest.Token));
            await Task.Delay(TimeSpan.FromSeconds(2));
            silo.Kill();
            requests = await writer;
        }
        finally
        {
            await silo.DisposeAsync();
        }

        output.WriteLine($"{requests} requests acknowledged ({ledger.Acknowledged} samples) before SIGKILL.");
        Assert.True(ledger.Acknowledged > 0, "Nothing was acknowledged before the kill.\n" + silo.Output);

        await using var restarted = await SiloProcess.StartAsync(_dataPath, SampleLedger.BootstrapKey, SiloArgs);
        using var queries = SampleLedger.Client(restarted);
        await ledger.VerifyAsync(queries);
    }

    public void Dispose()
    {
        GC.SuppressFinalize(this);
        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
