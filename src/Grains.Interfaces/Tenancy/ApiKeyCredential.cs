namespace Telemetry.Tenancy;

/// <summary>What the key grain keeps to verify a key: a random salt and SHA-256(salt ‖ secret).</summary>
[GenerateSerializer, Immutable]
public sealed record ApiKeyCredential(
    [property: Id(0)] ApiKeyInfo Info,
    [property: Id(1)] byte[] Salt,
    [property: Id(2)] byte[] SecretHash);
