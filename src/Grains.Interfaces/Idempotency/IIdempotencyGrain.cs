namespace Telemetry.Idempotency;

/// <summary>
/// One per tenant, route and <c>Idempotency-Key</c>: remembers the first response for a retention period
/// and the fingerprint of the request that produced it.
/// </summary>
[Alias("Telemetry.Idempotency.IIdempotencyGrain")]
public interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>Claims the key for a request with this body fingerprint, or says why not.</summary>
    [Alias("Begin")]
    Task<IdempotencyDecision> BeginAsync(string requestFingerprint);

    /// <summary>Stores the response of the claimed request.</summary>
    [Alias("Complete")]
    Task CompleteAsync(StoredResponse response);

    /// <summary>Releases the claim without storing anything (the request failed before it changed anything).</summary>
    [Alias("Abandon")]
    Task AbandonAsync();
}
