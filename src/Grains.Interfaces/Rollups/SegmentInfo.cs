namespace Telemetry.Rollups;

/// <summary>
/// A catalog entry: where a segment is, the hour partition it belongs to, its time range (UTC ticks), rows,
/// value range and size. <see cref="Sequence"/> orders segments by write: on equal series and timestamp
/// the later segment wins.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("Telemetry.Rollups.SegmentInfo")]
public sealed record SegmentInfo(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string Path,
    [property: Id(2)] long HourStart,
    [property: Id(3)] long MinTimestamp,
    [property: Id(4)] long MaxTimestamp,
    [property: Id(5)] long Rows,
    [property: Id(6)] double MinValue,
    [property: Id(7)] double MaxValue,
    [property: Id(8)] long Bytes,
    [property: Id(9)] int Series);
