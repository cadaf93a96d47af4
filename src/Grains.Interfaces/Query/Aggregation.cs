namespace Telemetry.Query;

/// <summary>How the samples (or per-series rollups) of a group are combined within a bucket.</summary>
[GenerateSerializer]
public enum Aggregation
{
    Sum = 0,
    Avg = 1,
    Min = 2,
    Max = 3,
    Count = 4,
    Last = 5,
    P50 = 6,
    P90 = 7,
    P95 = 8,
    P99 = 9,
}
