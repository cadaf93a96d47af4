namespace Telemetry.Ingest;

/// <summary>Bound from <c>Telemetry:Log</c>.</summary>
public sealed class IngestLogOptions
{
    public const string Section = "Telemetry:Log";

    /// <summary>A log file is sealed and a new one started past this size.</summary>
    public long MaxFileBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Appends gathered into one write and one flush to disk at most.</summary>
    public int MaxEntriesPerCommit { get; set; } = 1024;

    /// <summary>How long a query waits for this silo's acknowledged samples to be applied before it runs anyway.</summary>
    public TimeSpan ReadYourWritesTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Series grain calls in flight at once while applying the log.</summary>
    public int ApplyConcurrency { get; set; } = 256;
}
