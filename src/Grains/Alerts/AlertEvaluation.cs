using System.Collections.Immutable;

namespace Telemetry.Alerts;

/// <summary>The outcome of one evaluation: the state to keep, the state changes for the history, the notifications to send.</summary>
public sealed record AlertEvaluation(
    AlertGroupState State,
    ImmutableArray<AlertTransition> Transitions,
    ImmutableArray<AlertNotification> Notifications);
