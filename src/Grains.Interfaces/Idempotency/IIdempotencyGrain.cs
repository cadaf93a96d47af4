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

    /// <summary>
    /// Stores the response of the request with this body fingerprint and releases its claim; a response stored
    /// earlier is kept.
    /// </summary>
    [Alias("Complete")]
    Task CompleteAsync(string requestFingerprint, StoredResponse response);

    /// <summary>Releases this request's claim without storing anything (it failed before it changed anything).</summary>
    [Alias("Abandon")]
    Task AbandonAsync(string requestFingerprint);
}
