using System.Collections.Immutable;
using Telemetry.Series;

namespace Telemetry.Alerts;

/// <summary>
/// An alert rule of a tenant: fires for a group when <see cref="Metric"/>'s latest value compared by
/// <see cref="Operator"/> with <see cref="Threshold"/> has held for <see cref="Duration"/> on sample time.
/// </summary>
/// <remarks>
/// <para><see cref="RecoveryThreshold"/>: Hysteresis: a firing group resolves only when the condition fails against this value instead of <see cref="Threshold"/>. Null: resolve on <see cref="Threshold"/>.</para>
/// <para><see cref="GroupBy"/>: The dimensions that make a group. Empty, or the series' own dimensions: one group per series; fewer: the latest values of the group's series are combined by <see cref="GroupAggregation"/>.</para>
/// <para><see cref="GroupAggregation"/>: How a coarser group's latest values combine; sum when null.</para>
/// <para><see cref="Filters"/>: Only series matching every filter are evaluated.</para>
/// <para><see cref="NoData"/>: Fire when a group has sent nothing for this long (wall-clock time). Null: never.</para>
/// <para><see cref="MuteWindow"/>: No repeat firing notification for the same incident within this long of the last notification. Null: no muting.</para>
/// <para><see cref="Version"/>: Bumped by every change, so evaluators can tell a stale rule from the current one.</para>
/// </remarks>
[GenerateSerializer, Immutable]
public sealed record AlertRule(
    [property: Id(0)] string Id,
    [property: Id(1)] string TenantId,
    [property: Id(2)] string Name,
    [property: Id(3)] string Metric,
    [property: Id(4)] ComparisonOperator Operator,
    [property: Id(5)] double Threshold,
    [property: Id(6)] TimeSpan Duration,
    [property: Id(7)] double? RecoveryThreshold,
    [property: Id(8)] ImmutableArray<string> GroupBy,
    [property: Id(9)] GroupAggregation? GroupAggregation,
    [property: Id(10)] ImmutableArray<DimensionFilter> Filters,
    [property: Id(11)] TimeSpan? NoData,
    [property: Id(12)] AlertSeverity Severity,
    [property: Id(13)] TimeSpan? MuteWindow,
    [property: Id(14)] string? RunbookUrl,
    [property: Id(15)] int Version)
{
    /// <summary>How a coarser group's latest values are combined: <see cref="GroupAggregation"/>, sum when not given.</summary>
    public GroupAggregation EffectiveAggregation => GroupAggregation ?? Alerts.GroupAggregation.Sum;

    /// <summary>Whether <paramref name="series"/> is its own group: no <see cref="GroupBy"/>, or one that keeps all its dimensions.</summary>
    public bool IsPerSeries(SeriesLabels series) =>
        GroupBy.IsDefaultOrEmpty || series.Pairs.All(pair => GroupBy.Contains(pair.Key, StringComparer.Ordinal));
}
