using Telemetry.Alerts;

namespace Telemetry.Api.Alerts;

/// <summary>
/// An incident: its rule, group, state and cause, when it opened, fired and resolved, the triggering and latest values,
/// how many deliveries failed, and a <c>query</c> body for <c>POST /query</c> that shows the data around it.
/// </summary>
public sealed record IncidentResponse(
    string Id,
    string AlertId,
    string AlertName,
    string Severity,
    string State,
    string Cause,
    Dictionary<string, string> Group,
    DateTimeOffset OpenedAt,
    DateTimeOffset? FiredAt,
    DateTimeOffset? ResolvedAt,
    double? TriggeringValue,
    double? LatestValue,
    DateTimeOffset? LastNotifiedAt,
    int DeliveriesFailed,
    IncidentQuery Query,
    string HistoryUrl)
{
    public static IncidentResponse From(StoredIncident stored, AlertRule rule, DateTimeOffset now, string basePath)
    {
        var incident = stored.Record;
        return new IncidentResponse(
            stored.Id,
            rule.Id,
            rule.Name,
            rule.Severity.ToString().ToLowerInvariant(),
            incident.State.ToString().ToLowerInvariant(),
            incident.Cause == IncidentCause.NoData ? "no_data" : "threshold",
            incident.Group.ToDictionary(),
            incident.OpenedAt,
            incident.FiredAt,
            incident.ResolvedAt,
            Finite(incident.TriggeringValue),
            Finite(incident.LatestValue),
            incident.LastNotifiedAt,
            stored.DeliveriesFailed,
            IncidentQuery.For(rule, incident, now),
            $"{basePath}/alerts/{rule.Id}/history?incident_id={stored.Id}");
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
