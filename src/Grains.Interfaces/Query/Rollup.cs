namespace Telemetry.Query;

/// <summary>A per-series time aggregation applied within each bucket before the group aggregation.</summary>
[GenerateSerializer]
public enum Rollup
{
    Avg = 0,
    Sum = 1,
    Min = 2,
    Max = 3,
    Last = 4,
    Count = 5,
    /// <summary>Counter increase per second over the bucket (reset aware).</summary>
    Rate = 6,
    /// <summary>Counter increase over the bucket (reset aware).</summary>
    Increase = 7,
}
