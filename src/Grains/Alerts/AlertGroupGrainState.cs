using Telemetry.Series;

namespace Telemetry.Alerts;

/// <summary>
/// What a group grain persists when its alert state changes: the state, and the latest sample of each series of the
/// group, so that after a move the group's value still counts every series.
/// </summary>
[GenerateSerializer]
[Alias("Telemetry.Alerts.AlertGroupGrainState")]
public sealed class AlertGroupGrainState
{
    [Id(0)]
    public AlertGroupState? Alert { get; set; }

    [Id(1)]
    public List<GroupMember> Members { get; set; } = [];
}
