namespace Telemetry.Rollups;

/// <summary>Bound from <c>Telemetry:Segments</c>.</summary>
public sealed class SegmentOptions
{
    public const string Section = "Telemetry:Segments";

    /// <summary>How often a series grain hands its old samples to the rollup grain.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Samples older than this are flushed; unset means the hot window (<c>Telemetry:Series:HotWindow</c>).</summary>
    public TimeSpan? FlushAge { get; set; }

    /// <summary>How long the rollup grain gathers flushes before writing them as one commit.</summary>
    public TimeSpan CommitDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>A commit starts at once when this many rows are waiting.</summary>
    public int CommitRows { get; set; } = 200_000;

    /// <summary>
    /// How far before a query's start cold reads look for the sample preceding the first one in range, so a
    /// counter's first increase in the range sees its predecessor.
    /// </summary>
    public TimeSpan PredecessorLookback { get; set; } = TimeSpan.FromHours(1);
}
