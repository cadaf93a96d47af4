using Telemetry.Api.Tests.Http;
using Telemetry.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Telemetry.Api.Tests.Durability;

/// <summary>
/// The crash test on the Azure provider: the log is append blobs in Azurite, grain state and membership Azure
/// tables. The silo starts again with the same name (its log) and the same ports (so its new incarnation declares
/// the killed one dead at once rather than waiting for the cluster to vote it out).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureCrashRecoveryTests(ITestOutputHelper output, AzuriteFixture azurite) : CrashRecoveryTests(output)
{
    private readonly string _serviceId = AzuriteFixture.NewServiceId();
    private readonly int _siloPort = Ports.Free();
    private readonly int _gatewayPort = Ports.Free();

    protected override string[] SiloArgs =>
    [
        "--Telemetry:Storage:Provider=Azure",
        $"--Telemetry:Storage:ConnectionString={azurite.ConnectionString}",
        $"--Telemetry:Cluster:ServiceId={_serviceId}",
        $"--Telemetry:Cluster:ClusterId={_serviceId}",
        "--Telemetry:Cluster:SiloName=crash-silo",
        $"--Telemetry:Cluster:SiloPort={_siloPort}",
        $"--Telemetry:Cluster:GatewayPort={_gatewayPort}",
    ];
}
