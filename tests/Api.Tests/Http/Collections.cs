using Xunit;

namespace Telemetry.Api.Tests.Http;

/// <summary>Tests sharing one server with the default limits; each test uses its own tenant.</summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<TelemetryServer>
{
    public const string Name = "server";
}

/// <summary>Tests sharing one server with small limits (<see cref="LimitedTelemetryServer"/>).</summary>
[CollectionDefinition(Name)]
public sealed class LimitedServerCollection : ICollectionFixture<LimitedTelemetryServer>
{
    public const string Name = "limited server";
}

/// <summary>Tests that start and stop their own servers.</summary>
[CollectionDefinition(Name)]
public sealed class OwnServerCollection
{
    public const string Name = "own server";
}

/// <summary>A server with small ingest, query and hot-window limits, so that tests can cross them cheaply.</summary>
public sealed class LimitedTelemetryServer : TelemetryServer
{
    public const int MaxBodyBytes = 4096;
    public const int MaxRecordsPerRequest = 5;
    public static readonly TimeSpan HotWindow = TimeSpan.FromHours(1);

    protected override IEnumerable<string> ExtraArgs =>
    [
        $"--Telemetry:Ingest:MaxBodyBytes={MaxBodyBytes}",
        $"--Telemetry:Ingest:MaxRecordsPerRequest={MaxRecordsPerRequest}",
        $"--Telemetry:Series:HotWindow={HotWindow:c}",
        "--Telemetry:Query:MaxSpan=2.00:00:00",
        "--Telemetry:Query:MaxBucketsPerSeries=100",
        "--Telemetry:Query:MaxPoints=50",
    ];
}
