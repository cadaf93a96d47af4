using Telemetry.Alerts;
using Telemetry.Series;

namespace Telemetry.Streams;

/// <summary>
/// One event of a live stream as subscribers get it. <see cref="Id"/> grows within the stream (SSE event ids,
/// <c>Last-Event-ID</c> resume). <see cref="Condition"/>, <see cref="Threshold"/>, <see cref="Emit"/> and
/// <see cref="Crossing"/> say what matched. <see cref="PublishedAtTicks"/> is when the series grain matched it.
/// </summary>
[GenerateSerializer, Immutable, Alias("Telemetry.Streams.StreamEvent")]
public sealed record StreamEvent(
    [property: Id(0)] long Id,
    [property: Id(1)] string StreamId,
    [property: Id(2)] string Metric,
    [property: Id(3)] SeriesLabels Dimensions,
    [property: Id(4)] double Value,
    [property: Id(5)] long TimestampTicks,
    [property: Id(6)] ComparisonOperator? Condition,
    [property: Id(7)] double? Threshold,
    [property: Id(8)] StreamEmit Emit,
    [property: Id(9)] StreamCrossing Crossing,
    [property: Id(10)] bool Test,
    [property: Id(11)] long PublishedAtTicks);
