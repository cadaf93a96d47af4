namespace Telemetry.Silo;

/// <summary>Bound from <c>Telemetry:Cluster</c>: the silo's ports for localhost clustering.</summary>
public sealed class ClusterOptions
{
    public const string Section = "Telemetry:Cluster";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;
}
