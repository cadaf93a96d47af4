namespace Telemetry.Query;

/// <summary>
/// Mergeable aggregates of one series in one bucket. <see cref="Increase"/> is counter-reset aware and
/// includes the step from the sample just before the bucket, so increases of adjacent buckets add up.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct BucketPartial(
    [property: Id(0)] int Bucket,
    [property: Id(1)] int Count,
    [property: Id(2)] double Sum,
    [property: Id(3)] double Min,
    [property: Id(4)] double Max,
    [property: Id(5)] long LastTimestamp,
    [property: Id(6)] double Last,
    [property: Id(7)] double Increase);
