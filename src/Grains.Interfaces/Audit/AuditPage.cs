using System.Collections.Immutable;

namespace Telemetry.Audit;

/// <summary>Matching events and, when more may follow, the sequence to pass as the next cursor.</summary>
[GenerateSerializer, Immutable]
public sealed record AuditPage(
    [property: Id(0)] ImmutableArray<AuditEvent> Events,
    [property: Id(1)] long? NextAfterSequence);
