namespace Telemetry.Alerts;

/// <summary>What a rule's <see cref="AlertHistoryGrain"/> persists: its incidents by id, the history (oldest first) and the next sequence number.</summary>
[GenerateSerializer]
[Alias("Telemetry.Alerts.AlertHistoryState")]
public sealed class AlertHistoryState
{
    [Id(0)]
    public Dictionary<string, StoredIncident> Incidents { get; set; } = new(StringComparer.Ordinal);

    [Id(1)]
    public List<AlertHistoryEntry> Entries { get; set; } = [];

    [Id(2)]
    public long NextSequence { get; set; } = 1;

    /// <summary>The id of each group's current incident (by group hash), so an abandoned pending breach can be forgotten.</summary>
    [Id(3)]
    public Dictionary<ulong, string> CurrentByGroup { get; set; } = [];
}
