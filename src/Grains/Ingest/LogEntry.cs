using System.Collections.Immutable;
using Telemetry.Series;

namespace Telemetry.Ingest;

/// <summary>One group of admitted batches as written to the log, with its sequence number.</summary>
[GenerateSerializer, Immutable]
public sealed record LogEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] ImmutableArray<SeriesBatch> Batches);
