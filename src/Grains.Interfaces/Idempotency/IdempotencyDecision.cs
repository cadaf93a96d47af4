namespace Telemetry.Idempotency;

[GenerateSerializer]
public enum IdempotencyVerdict
{
    /// <summary>First use of the key: handle the request, then call Complete or Abandon.</summary>
    Proceed = 0,
    /// <summary>Already handled: return <see cref="IdempotencyDecision.Response"/>.</summary>
    Replay = 1,
    /// <summary>The first request with this key is still being handled.</summary>
    InProgress = 2,
    /// <summary>The key was used with a different request body.</summary>
    Mismatch = 3,
}

[GenerateSerializer, Immutable]
public sealed record IdempotencyDecision(
    [property: Id(0)] IdempotencyVerdict Verdict,
    [property: Id(1)] StoredResponse? Response = null);
