using System.Collections.Immutable;

namespace Telemetry.Streams;

/// <summary>A tenant's streams at one <see cref="Version"/> (which grows with every create, change and delete).</summary>
[GenerateSerializer, Immutable, Alias("Telemetry.Streams.StreamCatalog")]
public sealed record StreamCatalog(
    [property: Id(0)] long Version,
    [property: Id(1)] ImmutableArray<StreamDefinition> Streams)
{
    public static readonly StreamCatalog Empty = new(0, []);
}
