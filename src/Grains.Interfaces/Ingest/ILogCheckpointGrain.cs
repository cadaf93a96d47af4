namespace Telemetry.Ingest;

/// <summary>
/// One per silo log (key: the silo name): the sequence up to which every entry of that log is known to be
/// applied to the series grains. A replay after a crash treats entries past it as possibly never applied.
/// </summary>
[Alias("Telemetry.Ingest.ILogCheckpointGrain")]
public interface ILogCheckpointGrain : IGrainWithStringKey
{
    /// <summary>The applied sequence last recorded; 0 when none.</summary>
    [Alias("GetApplied")]
    Task<long> GetAppliedAsync();

    /// <summary>Records the applied sequence; <paramref name="reset"/> allows going back (a log that starts its numbering again).</summary>
    [Alias("SetApplied")]
    Task SetAppliedAsync(long sequence, bool reset = false);
}
