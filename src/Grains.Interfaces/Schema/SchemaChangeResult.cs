namespace Telemetry.Schema;

/// <summary>What a schema change did; on refusal a stable code and an explanation.</summary>
[GenerateSerializer, Immutable]
public sealed record SchemaChangeResult(
    [property: Id(0)] SchemaChangeOutcome Outcome,
    [property: Id(1)] MetricSchema? Schema,
    [property: Id(2)] MetricSchema? Previous = null,
    [property: Id(3)] string? Code = null,
    [property: Id(4)] string? Message = null);
