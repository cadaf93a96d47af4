using System.Collections.Immutable;
using Telemetry.Series;

namespace Telemetry.Streams;

/// <summary>
/// What a series grain publishes on the Orleans stream of one live stream: the samples of one applied batch that
/// matched, in time order (parallel arrays), with the stream revision they were matched against.
/// </summary>
[GenerateSerializer, Immutable, Alias("Telemetry.Streams.StreamMatchBatch")]
public sealed record StreamMatchBatch(
    [property: Id(0)] string Metric,
    [property: Id(1)] SeriesLabels Labels,
    [property: Id(2)] ImmutableArray<long> Timestamps,
    [property: Id(3)] ImmutableArray<double> Values,
    [property: Id(4)] ImmutableArray<StreamCrossing> Crossings,
    [property: Id(5)] int Revision,
    [property: Id(6)] long PublishedAtTicks);
