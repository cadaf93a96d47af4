namespace Telemetry.Idempotency;

/// <summary>A response kept so that a resend with the same <c>Idempotency-Key</c> gets it again.</summary>
[GenerateSerializer, Immutable]
public sealed record StoredResponse(
    [property: Id(0)] int StatusCode,
    [property: Id(1)] string ContentType,
    [property: Id(2)] byte[] Body);
