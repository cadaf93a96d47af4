using Telemetry.Schema;

namespace Telemetry.Series;

/// <summary>The persisted part of a metric: its schema versions, every admitted series, and its dimension sketches.</summary>
[GenerateSerializer]
public sealed class MetricState
{
    [Id(0)]
    public List<MetricSchema> Versions { get; set; } = [];

    [Id(1)]
    public Dictionary<ulong, SeriesEntry> Series { get; set; } = [];

    /// <summary>HyperLogLog registers per dimension key, over every value offered.</summary>
    [Id(2)]
    public Dictionary<string, byte[]> Sketches { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The first few distinct values seen per dimension key.</summary>
    [Id(3)]
    public Dictionary<string, List<string>> SampleValues { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Series refused for cardinality since the metric was created.</summary>
    [Id(4)]
    public long RejectedSeries { get; set; }

    public MetricSchema? Current => Versions.Count == 0 ? null : Versions[^1];
}
