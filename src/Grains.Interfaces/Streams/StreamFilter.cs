using System.Collections.Immutable;
using Telemetry.Alerts;

namespace Telemetry.Streams;

/// <summary>
/// Which samples a stream carries: one metric, optionally a condition <c>value op threshold</c>, and per dimension
/// key the values a series must have one of (keys not listed match anything).
/// </summary>
[GenerateSerializer, Immutable, Alias("Telemetry.Streams.StreamFilter")]
public sealed record StreamFilter(
    [property: Id(0)] string Metric,
    [property: Id(1)] ComparisonOperator? Condition,
    [property: Id(2)] double? Threshold,
    [property: Id(3)] ImmutableSortedDictionary<string, ImmutableArray<string>> Dimensions);
