using Telemetry.Segments;

namespace Telemetry.Rollups;

/// <summary>
/// The segments of one metric, persisted as the rollup grain's state. Pure: cold reads ask it which
/// segments can hold samples of a time range, in write order.
/// </summary>
[GenerateSerializer]
[Alias("Telemetry.Rollups.SegmentCatalog")]
public sealed class SegmentCatalog
{
    [Id(0)]
    public List<SegmentInfo> Segments { get; set; } = [];

    [Id(1)]
    public long NextSequence { get; set; } = 1;

    /// <summary>Segments holding any sample in [<paramref name="from"/>, <paramref name="to"/>), oldest write first.</summary>
    public IEnumerable<SegmentInfo> Overlapping(long from, long to) =>
        Segments.Where(s => s.MinTimestamp < to && s.MaxTimestamp >= from).OrderBy(s => s.Sequence);

    /// <summary>The catalog entry of a segment just written.</summary>
    public SegmentInfo Describe(string path, long hourStart, SegmentSummary summary, long bytes) =>
        new(NextSequence++, path, hourStart, summary.MinTimestamp, summary.MaxTimestamp, summary.Rows, summary.MinValue, summary.MaxValue, bytes, summary.Series);
}
