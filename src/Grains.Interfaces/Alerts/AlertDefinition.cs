using System.Collections.Immutable;

namespace Telemetry.Alerts;

/// <summary>A stored rule: what is evaluated (<see cref="Rule"/>) and who hears about it (<see cref="Channels"/>).</summary>
[GenerateSerializer, Immutable]
public sealed record AlertDefinition(
    [property: Id(0)] AlertRule Rule,
    [property: Id(1)] ImmutableArray<AlertChannel> Channels,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset UpdatedAt);
