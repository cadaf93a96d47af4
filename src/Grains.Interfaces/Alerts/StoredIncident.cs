namespace Telemetry.Alerts;

/// <summary>An incident as a rule's history keeps it: its id, the record, and how its deliveries went.</summary>
[GenerateSerializer, Immutable]
public sealed record StoredIncident(
    [property: Id(0)] string Id,
    [property: Id(1)] IncidentRecord Record,
    [property: Id(2)] int RuleVersion,
    [property: Id(3)] int DeliveriesFailed,
    [property: Id(4)] DateTimeOffset UpdatedAt);
