namespace Telemetry.Streams;

/// <summary>A stream as stored by the tenant's <see cref="IStreamRegistryGrain"/>; <see cref="Revision"/> grows with each change.</summary>
[GenerateSerializer, Immutable, Alias("Telemetry.Streams.StreamDefinition")]
public sealed record StreamDefinition(
    [property: Id(0)] string Id,
    [property: Id(1)] StreamSpec Spec,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset UpdatedAt,
    [property: Id(4)] int Revision);
