namespace Telemetry.Segments;

/// <summary>What a segment holds: rows, time range (UTC ticks), value range and series count — the catalog uses it to prune reads.</summary>
[GenerateSerializer, Immutable]
public sealed record SegmentSummary(
    [property: Id(0)] long Rows,
    [property: Id(1)] long MinTimestamp,
    [property: Id(2)] long MaxTimestamp,
    [property: Id(3)] double MinValue,
    [property: Id(4)] double MaxValue,
    [property: Id(5)] int Series)
{
    public SegmentSummary Including(SeriesRows rows) => this with
    {
        MinTimestamp = Math.Min(MinTimestamp, rows.Timestamps[0]),
        MaxTimestamp = Math.Max(MaxTimestamp, rows.Timestamps[^1]),
        MinValue = Math.Min(MinValue, rows.Values.Min()),
        MaxValue = Math.Max(MaxValue, rows.Values.Max()),
    };
}
