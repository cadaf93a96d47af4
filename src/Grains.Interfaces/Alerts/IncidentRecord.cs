using Telemetry.Series;

namespace Telemetry.Alerts;

/// <summary>
/// One incident of a (rule, group): opened when the condition started holding (sample time), fired when
/// it had held for the duration or the group went silent, resolved when it stopped holding. A resolved
/// incident that breaches again within the rule's mute window is re-opened rather than replaced.
/// </summary>
/// <remarks>
/// <para><see cref="OpenedAt"/>: Sample time of the first sample of the breach (wall-clock time for a no-data incident).</para>
/// <para><see cref="FiredAt"/>: Wall-clock time the incident first fired.</para>
/// <para><see cref="TriggeringValue"/>: The value that made it fire (null for a no-data incident).</para>
/// <para><see cref="LastNotifiedAt"/>: Wall-clock time of the last notification sent for it.</para>
/// <para><see cref="LastNotifiedState"/>: What the receivers were last told: <see cref="AlertState.Firing"/> or <see cref="AlertState.Resolved"/>; null before any notification.</para>
/// </remarks>
[GenerateSerializer, Immutable]
public sealed record IncidentRecord(
    [property: Id(0)] string RuleId,
    [property: Id(1)] SeriesLabels Group,
    [property: Id(2)] AlertState State,
    [property: Id(3)] IncidentCause Cause,
    [property: Id(4)] DateTimeOffset OpenedAt,
    [property: Id(5)] DateTimeOffset? FiredAt,
    [property: Id(6)] DateTimeOffset? ResolvedAt,
    [property: Id(7)] double? TriggeringValue,
    [property: Id(8)] double? LatestValue,
    [property: Id(9)] DateTimeOffset? LastNotifiedAt,
    [property: Id(10)] AlertState? LastNotifiedState);
