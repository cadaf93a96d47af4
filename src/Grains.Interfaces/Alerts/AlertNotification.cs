namespace Telemetry.Alerts;

/// <summary>A notification to send to the rule's channels: the incident as it stands after the transition, and what the rule says about it.</summary>
/// <remarks>
/// <para><see cref="At"/>: Wall-clock time of the evaluation that decided to send it.</para>
/// </remarks>
[GenerateSerializer, Immutable]
public sealed record AlertNotification(
    [property: Id(0)] AlertNotificationKind Kind,
    [property: Id(1)] string RuleId,
    [property: Id(2)] int RuleVersion,
    [property: Id(3)] string RuleName,
    [property: Id(4)] AlertSeverity Severity,
    [property: Id(5)] string? RunbookUrl,
    [property: Id(6)] IncidentRecord Incident,
    [property: Id(7)] DateTimeOffset At);
