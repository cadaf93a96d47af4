namespace Telemetry.Ingest;

/// <summary>A silo's write path: what its log acknowledged, what is applied to the series grains, and the replay at start.</summary>
[GenerateSerializer, Immutable]
public sealed record WritePathStatus(
    [property: Id(0)] long AcknowledgedSequence,
    [property: Id(1)] long AppliedSequence,
    [property: Id(2)] long ReplayedEntries,
    [property: Id(3)] bool Replayed,
    [property: Id(4)] long SeriesCalls,
    [property: Id(5)] long BatchesApplied);
