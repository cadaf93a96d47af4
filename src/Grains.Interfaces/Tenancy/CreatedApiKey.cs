namespace Telemetry.Tenancy;

/// <summary>A new key and its plaintext, which is returned this once and never stored.</summary>
[GenerateSerializer, Immutable]
public sealed record CreatedApiKey(
    [property: Id(0)] ApiKeyInfo Info,
    [property: Id(1)] string Plaintext);
