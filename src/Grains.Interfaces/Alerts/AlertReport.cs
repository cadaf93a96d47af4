using System.Collections.Immutable;
using Telemetry.Series;

namespace Telemetry.Alerts;

/// <summary>
/// What an evaluator tells the rule's history after an evaluation that changed something: the group, its incident
/// as it now stands (null when a pending breach was abandoned without a resolved incident to go back to) and the
/// state changes.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AlertReport(
    [property: Id(0)] string RuleId,
    [property: Id(1)] int RuleVersion,
    [property: Id(2)] SeriesLabels Group,
    [property: Id(3)] IncidentRecord? Incident,
    [property: Id(4)] ImmutableArray<AlertTransition> Transitions);
