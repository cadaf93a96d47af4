namespace Telemetry.Alerts;

/// <summary>One state change of a (rule, group), for the rule's history.</summary>
/// <remarks>
/// <para><see cref="At"/>: Wall-clock time of the evaluation.</para>
/// <para><see cref="SampleAt"/>: Time of the sample that caused it; null when time alone did (no data, or a muted firing becoming due).</para>
/// <para><see cref="Value"/>: The value that caused it, if a sample did.</para>
/// <para><see cref="Notified"/>: Whether a notification went out with it (false when the mute window suppressed it).</para>
/// </remarks>
[GenerateSerializer, Immutable]
public sealed record AlertTransition(
    [property: Id(0)] AlertState From,
    [property: Id(1)] AlertState To,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] DateTimeOffset? SampleAt,
    [property: Id(4)] double? Value,
    [property: Id(5)] bool Notified);
