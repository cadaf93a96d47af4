namespace Telemetry.Audit;

/// <summary>One change to a tenant's configuration: who, what, to which target, the before/after JSON, and when.</summary>
[GenerateSerializer, Immutable]
public sealed record AuditEvent(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Actor,
    [property: Id(3)] string Action,
    [property: Id(4)] string Target,
    [property: Id(5)] string? Before,
    [property: Id(6)] string? After);
