namespace Telemetry.Audit;

/// <summary>A page of audit events, oldest first, after the cursor <see cref="AfterSequence"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record AuditQuery(
    [property: Id(0)] string? Actor,
    [property: Id(1)] string? Action,
    [property: Id(2)] DateTimeOffset? From,
    [property: Id(3)] DateTimeOffset? To,
    [property: Id(4)] long AfterSequence,
    [property: Id(5)] int Limit);
