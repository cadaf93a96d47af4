using System.Collections.Immutable;

namespace Telemetry.Series;

/// <summary>
/// Samples of one series carried by one grain call. Timestamps are UTC ticks; the arrays are parallel
/// and need not be sorted (the hot window orders them). <see cref="TypeEpoch"/> is the schema's count of
/// forced type changes when the batch was admitted: a batch of a newer epoch replaces older-type data.
/// <see cref="Replayed"/> marks batches replayed from the log at start (never written to the log itself).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SeriesBatch(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string Metric,
    [property: Id(2)] MetricType Type,
    [property: Id(3)] SeriesLabels Labels,
    [property: Id(4)] ImmutableArray<long> Timestamps,
    [property: Id(5)] ImmutableArray<double> Values,
    [property: Id(6)] int TypeEpoch = 0,
    [property: Id(7)] bool Replayed = false);
