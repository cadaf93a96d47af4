namespace Telemetry.Silo;

/// <summary>Bound from <c>Telemetry:Cluster</c>: this silo's identity, ports and cluster.</summary>
public sealed class ClusterOptions
{
    public const string Section = "Telemetry:Cluster";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>The silos that form one cluster (Azure: they meet in the clustering table under this id).</summary>
    public string ClusterId { get; set; } = "telemetry";

    /// <summary>The service whose state the silos share; grain state rows and blobs are kept under it.</summary>
    public string ServiceId { get; set; } = "telemetry";

    /// <summary>
    /// Azure: this silo's stable name. Its write-ahead log lives under it, and a silo started again with the same
    /// name replays it. Default <c>{machine name}-{SiloPort}</c>; two running silos must never share one.
    /// </summary>
    public string? SiloName { get; set; }

    /// <summary>Azure: the address other silos reach this one at.</summary>
    public string AdvertisedIP { get; set; } = "127.0.0.1";

    /// <summary>Azure: listen on every interface rather than only the advertised address (containers).</summary>
    public bool ListenOnAnyHostAddress { get; set; }

    public string EffectiveSiloName => string.IsNullOrWhiteSpace(SiloName) ? $"{Environment.MachineName}-{SiloPort}" : SiloName;
}
