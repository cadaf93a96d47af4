using Telemetry.Series;

namespace Telemetry.Alerts;

/// <summary>
/// What an evaluator remembers about one (rule, group) between batches; persisted with the grain that
/// evaluates it so a restart or move neither loses an open incident nor fires it again.
/// </summary>
/// <remarks>
/// <para><see cref="Incident"/>: the open incident, or the last resolved one (kept so a re-breach within the mute window re-opens it); null when inactive.</para>
/// <para><see cref="ConditionSince"/>: sample time since which the condition has held, while pending.</para>
/// <para><see cref="NewestSampleAt"/>: the newest sample time evaluated; lateness is measured from it.</para>
/// <para><see cref="LastDataAt"/>: wall-clock time a sample last arrived (or the group started being watched); no-data is measured from it.</para>
/// </remarks>
[GenerateSerializer, Immutable]
public sealed record AlertGroupState(
    [property: Id(0)] SeriesLabels Group,
    [property: Id(1)] IncidentRecord? Incident,
    [property: Id(2)] DateTimeOffset? ConditionSince,
    [property: Id(3)] DateTimeOffset? NewestSampleAt,
    [property: Id(4)] DateTimeOffset? LastDataAt)
{
    public AlertState State => Incident?.State ?? AlertState.Inactive;

    /// <summary>A group that starts being watched at <paramref name="now"/>: inactive, and silent since then.</summary>
    public static AlertGroupState Start(SeriesLabels group, DateTimeOffset now) => new(group, null, null, null, now);
}
