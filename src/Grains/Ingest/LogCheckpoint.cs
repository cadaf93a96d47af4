namespace Telemetry.Ingest;

/// <summary>The persisted state of a <see cref="LogCheckpointGrain"/>.</summary>
[GenerateSerializer]
[Alias("Telemetry.Ingest.LogCheckpoint")]
public sealed class LogCheckpoint
{
    [Id(0)]
    public long Applied { get; set; }
}
