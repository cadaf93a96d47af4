using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Telemetry.Hosting;
using Xunit;

namespace Telemetry.Tests.Cluster;

/// <summary>
/// One in-process silo with the telemetry grains, shared by every test of <see cref="ClusterCollection"/>.
/// Grains see <see cref="Time"/>, a fake clock the tests advance; Orleans' own background loops keep real time.
/// Grain state goes to files under a temporary directory removed afterwards.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "telemetry-grain-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>The silo's <c>Telemetry:Storage:DataPath</c>.</summary>
    public string DataPath => _dataPath;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Telemetry:Storage:DataPath"] = _dataPath,
                ["Telemetry:Log:MaxFileBytes"] = "1", // every commit seals its log file, so trimming can be seen
            })
            .Build();

        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<TimeProvider>(Time);
            silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            silo.AddTelemetryGrains(configuration);
        });

        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Cluster";
}
