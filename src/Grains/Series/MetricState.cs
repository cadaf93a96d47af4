namespace Telemetry.Series;

/// <summary>The persisted part of a metric: its type and every series it has seen.</summary>
[GenerateSerializer]
public sealed class MetricState
{
    [Id(0)]
    public MetricType? Type { get; set; }

    [Id(1)]
    public Dictionary<ulong, SeriesEntry> Series { get; set; } = [];
}
