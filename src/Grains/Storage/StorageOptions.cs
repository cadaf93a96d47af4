namespace Telemetry.Storage;

/// <summary>Bound from <c>Telemetry:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Telemetry:Storage";

    /// <summary><c>Local</c> (files under <see cref="DataPath"/>) or <c>Azure</c> (<see cref="ConnectionString"/>).</summary>
    public string Provider { get; set; } = "Local";

    public string DataPath { get; set; } = "./data";

    /// <summary>The storage account (or Azurite) of the Azure provider.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Azure: the blob container for the log, audit trail and segments.</summary>
    public string Container { get; set; } = "telemetry";

    /// <summary>Azure: the table holding grain state (rows are partitioned by the cluster's ServiceId).</summary>
    public string GrainTable { get; set; } = "TelemetryGrainState";

    /// <summary>Azure: how long one storage call may take before it counts as failed (then ingest answers 503).</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public bool IsLocal => string.Equals(Provider, "Local", StringComparison.OrdinalIgnoreCase);

    public bool IsAzure => string.Equals(Provider, "Azure", StringComparison.OrdinalIgnoreCase);
}
