namespace Telemetry.Idempotency;

/// <summary>Bound from <c>Telemetry:Idempotency</c>.</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Telemetry:Idempotency";

    /// <summary>How long a first response is kept for resends.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);
}
