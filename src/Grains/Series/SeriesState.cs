namespace Telemetry.Series;

/// <summary>
/// What a series grain persists: how far its samples are in segments, the newest flushed sample (the
/// predecessor of the first hot one, so a counter's first hot increase is right), and its type.
/// </summary>
[GenerateSerializer]
[Alias("Telemetry.Series.SeriesState")]
public sealed class SeriesState
{
    /// <summary>Every sample with a timestamp before this (UTC ticks) is in segments and not in the hot window.</summary>
    [Id(0)]
    public long FlushedBefore { get; set; }

    [Id(1)]
    public bool HasLastFlushed { get; set; }

    [Id(2)]
    public long LastFlushedTimestamp { get; set; }

    [Id(3)]
    public double LastFlushedValue { get; set; }

    [Id(4)]
    public MetricType? Type { get; set; }

    [Id(5)]
    public int TypeEpoch { get; set; }

    /// <summary>The state of each alert rule evaluated on this series (by rule id); written when a rule's state changes.</summary>
    [Id(6)]
    public Dictionary<string, Alerts.AlertGroupState>? Alerts { get; set; }

    public (long Timestamp, double Value)? LastFlushed => HasLastFlushed ? (LastFlushedTimestamp, LastFlushedValue) : null;

    /// <summary>Records that the samples up to <paramref name="timestamp"/> (the newest of a flush) are durable.</summary>
    public void Flushed(long before, long timestamp, double value)
    {
        FlushedBefore = Math.Max(FlushedBefore, before);
        if (!HasLastFlushed || timestamp >= LastFlushedTimestamp)
        {
            HasLastFlushed = true;
            LastFlushedTimestamp = timestamp;
            LastFlushedValue = value;
        }
    }
}
