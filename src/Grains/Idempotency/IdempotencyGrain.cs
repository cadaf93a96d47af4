using Microsoft.Extensions.Options;
using Telemetry.Hosting;

namespace Telemetry.Idempotency;

/// <summary>
/// Remembers the first response for an <c>Idempotency-Key</c>. The claim of a request in flight lives in
/// memory only, so a crash mid-request frees the key rather than blocking it forever.
/// </summary>
public sealed class IdempotencyGrain(
    [PersistentState("idempotency", TelemetryStorage.Name)] IPersistentState<IdempotencyState> state,
    IOptions<IdempotencyOptions> options,
    TimeProvider time) : Grain, IIdempotencyGrain
{
    private string? _claimedBy;

    async Task<IdempotencyDecision> IIdempotencyGrain.BeginAsync(string requestFingerprint)
    {
        if (state.State.Response is { } response)
        {
            if (state.State.CompletedAt + options.Value.Retention > time.GetUtcNow())
            {
                return state.State.Fingerprint == requestFingerprint
                    ? new IdempotencyDecision(IdempotencyVerdict.Replay, response)
                    : new IdempotencyDecision(IdempotencyVerdict.Mismatch);
            }

            await state.ClearStateAsync();
        }

        if (_claimedBy is not null)
        {
            return new IdempotencyDecision(_claimedBy == requestFingerprint ? IdempotencyVerdict.InProgress : IdempotencyVerdict.Mismatch);
        }

        _claimedBy = requestFingerprint;
        return new IdempotencyDecision(IdempotencyVerdict.Proceed);
    }

    async Task IIdempotencyGrain.CompleteAsync(string requestFingerprint, StoredResponse response)
    {
        // The caller names its request: a deactivation while it ran lost the claim, and another body may hold it now.
        if (state.State.Response is null)
        {
            state.State.Fingerprint = requestFingerprint;
            state.State.Response = response;
            state.State.CompletedAt = time.GetUtcNow();
            await state.WriteStateAsync();
        }

        Release(requestFingerprint);
    }

    Task IIdempotencyGrain.AbandonAsync(string requestFingerprint)
    {
        Release(requestFingerprint);
        return Task.CompletedTask;
    }

    private void Release(string requestFingerprint)
    {
        if (_claimedBy == requestFingerprint)
        {
            _claimedBy = null;
        }
    }
}
