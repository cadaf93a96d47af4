namespace Telemetry.Series;

/// <summary>The kind of a metric. It fixes how samples of one series are read.</summary>
[GenerateSerializer]
public enum MetricType
{
    /// <summary>A value at a point in time (stock on hand, temperature).</summary>
    Gauge = 0,

    /// <summary>A cumulative, monotonically increasing total (picks since start); a decrease is a reset.</summary>
    Counter = 1,

    /// <summary>A distribution observation; stored as raw values for now.</summary>
    Histogram = 2,

    /// <summary>A distinct-count observation; stored as raw values for now.</summary>
    Set = 3,

    /// <summary>A pre-summarised value; stored as raw values for now.</summary>
    Summary = 4,
}
