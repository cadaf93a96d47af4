using Telemetry.Testing;

namespace Telemetry.Api.Tests.Http;

/// <summary>
/// The real application on the Azure provider against an Azurite: its own ServiceId and ClusterId (so tests never
/// share state), and one silo name for every start, so that a restart replays the log the last start wrote.
/// </summary>
public sealed class AzureTelemetryServer(string connectionString) : TelemetryServer
{
    public string ServiceId { get; } = AzuriteFixture.NewServiceId();

    protected override IEnumerable<string> ExtraArgs =>
    [
        "--Telemetry:Storage:Provider=Azure",
        $"--Telemetry:Storage:ConnectionString={connectionString}",
        $"--Telemetry:Cluster:ServiceId={ServiceId}",
        $"--Telemetry:Cluster:ClusterId={ServiceId}",
        $"--Telemetry:Cluster:SiloName={ServiceId}-silo",
    ];
}
