using System.Collections.Immutable;

namespace Telemetry.Schema;

/// <summary>The verdicts for the candidates, in order, and the schema they were judged by (null for an unknown metric in strict mode).</summary>
[GenerateSerializer, Immutable]
public sealed record AdmissionResult(
    [property: Id(0)] MetricSchema? Schema,
    [property: Id(1)] ImmutableArray<AdmissionVerdict> Verdicts);
