namespace Telemetry.Streams;

[GenerateSerializer]
public sealed class StreamRegistryState
{
    [Id(0)]
    public Dictionary<string, StreamDefinition> Streams { get; set; } = new(StringComparer.Ordinal);

    [Id(1)]
    public long Version { get; set; }
}
