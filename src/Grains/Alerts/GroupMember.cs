using Telemetry.Series;

namespace Telemetry.Alerts;

/// <summary>A series of a group and its latest sample (UTC ticks).</summary>
[GenerateSerializer, Immutable]
[Alias("Telemetry.Alerts.GroupMember")]
public sealed record GroupMember(
    [property: Id(0)] SeriesLabels Series,
    [property: Id(1)] long Timestamp,
    [property: Id(2)] double Value);
