using System.Globalization;
using System.Text;
using System.Text.Json;
using Telemetry.Series;

namespace Telemetry.Alerts;

/// <summary>
/// What receivers get: the webhook body (JSON, snake_case, as documented in docs/alerting.md) and the email text of a
/// notification, or of a test notification, which says so in <c>"test": true</c> and in the subject.
/// </summary>
public static class AlertMessages
{
    /// <summary>The webhook body of a notification.</summary>
    public static byte[] WebhookBody(AlertDefinition definition, AlertNotification notification, string incidentId) =>
        Write(writer =>
        {
            writer.WriteString("kind", notification.Kind == AlertNotificationKind.Firing ? "firing" : "resolved");
            writer.WriteBoolean("test", false);
            writer.WriteString("sent_at", notification.At);
            WriteRule(writer, definition.Rule, notification.RuleVersion);
            WriteIncident(writer, definition.Rule, notification.Incident, incidentId, notification.At);
        });

    /// <summary>The webhook body of a test notification: marked as a test, with no incident.</summary>
    public static byte[] TestWebhookBody(AlertDefinition definition, DateTimeOffset now) =>
        Write(writer =>
        {
            writer.WriteString("kind", "test");
            writer.WriteBoolean("test", true);
            writer.WriteString("sent_at", now);
            writer.WriteString("message", "This is a test notification; no incident is open.");
            WriteRule(writer, definition.Rule, definition.Rule.Version);
        });

    /// <summary>Subject and text of a notification email.</summary>
    public static (string Subject, string Text) Email(AlertDefinition definition, AlertNotification notification, string incidentId)
    {
        var rule = definition.Rule;
        var incident = notification.Incident;
        var kind = notification.Kind == AlertNotificationKind.Firing ? "FIRING" : "RESOLVED";
        var subject = $"[{kind} {Severity(rule.Severity)}] {rule.Name} {Group(incident.Group)}";
        var text = new StringBuilder()
            .AppendLine($"{kind}: {rule.Name} ({Severity(rule.Severity)})")
            .AppendLine($"Condition: {rule.Metric} {rule.Operator.Text()} {Number(rule.Threshold)} for {rule.Duration}")
            .AppendLine($"Group: {Group(incident.Group)}")
            .AppendLine($"Incident: {incidentId} ({incident.Cause.ToString().ToLowerInvariant()})")
            .AppendLine($"Opened: {incident.OpenedAt:O}")
            .AppendLine($"Triggering value: {Number(incident.TriggeringValue)}")
            .AppendLine($"Latest value: {Number(incident.LatestValue)}");
        if (incident.ResolvedAt is { } resolved)
        {
            text.AppendLine($"Resolved: {resolved:O}");
        }

        if (rule.RunbookUrl is { } runbook)
        {
            text.AppendLine($"Runbook: {runbook}");
        }

        return (subject, text.ToString());
    }

    /// <summary>Subject and text of a test email.</summary>
    public static (string Subject, string Text) TestEmail(AlertDefinition definition) =>
        ($"[TEST] {definition.Rule.Name}",
         $"This is a test notification of alert rule '{definition.Rule.Name}' ({definition.Rule.Id}); no incident is open.\n");

    private static void WriteRule(Utf8JsonWriter writer, AlertRule rule, int version)
    {
        writer.WriteStartObject("rule");
        writer.WriteString("id", rule.Id);
        writer.WriteString("name", rule.Name);
        writer.WriteNumber("version", version);
        writer.WriteString("severity", Severity(rule.Severity));
        writer.WriteString("metric", rule.Metric);
        writer.WriteString("op", rule.Operator.Text());
        writer.WriteNumber("threshold", rule.Threshold);
        if (rule.RunbookUrl is { } runbook)
        {
            writer.WriteString("runbook_url", runbook);
        }
        else
        {
            writer.WriteNull("runbook_url");
        }

        writer.WriteEndObject();
    }

    private static void WriteIncident(Utf8JsonWriter writer, AlertRule rule, IncidentRecord incident, string incidentId, DateTimeOffset now)
    {
        writer.WriteStartObject("incident");
        writer.WriteString("id", incidentId);
        writer.WriteString("state", incident.State.ToString().ToLowerInvariant());
        writer.WriteString("cause", incident.Cause == IncidentCause.NoData ? "no_data" : "threshold");
        writer.WriteStartObject("group");
        foreach (var (key, value) in incident.Group.Pairs)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
        writer.WriteString("opened_at", incident.OpenedAt);
        WriteTime(writer, "fired_at", incident.FiredAt);
        WriteTime(writer, "resolved_at", incident.ResolvedAt);
        WriteNumber(writer, "triggering_value", incident.TriggeringValue);
        WriteNumber(writer, "latest_value", incident.LatestValue);
        writer.WritePropertyName("query");
        WriteQuery(writer, IncidentQuery.For(rule, incident, now));
        writer.WriteEndObject();
    }

    private static void WriteQuery(Utf8JsonWriter writer, IncidentQuery query)
    {
        writer.WriteStartObject();
        writer.WriteString("metric", query.Metric);
        writer.WriteString("start", query.Start);
        writer.WriteString("end", query.End);
        writer.WriteString("granularity", query.Granularity);
        writer.WriteString("aggregation", query.Aggregation);
        writer.WriteString("rollup", query.Rollup);
        writer.WriteStartArray("group_by");
        foreach (var key in query.GroupBy)
        {
            writer.WriteStringValue(key);
        }

        writer.WriteEndArray();
        writer.WriteStartObject("filters");
        foreach (var (key, values) in query.Filters.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            writer.WriteStartArray(key);
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            writer.WriteString(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, double? number)
    {
        if (number is { } value && double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static string Severity(AlertSeverity severity) => severity.ToString().ToLowerInvariant();

    private static string Group(SeriesLabels group) => group.Count == 0 ? "{}" : group.ToString();

    private static string Number(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "none";
}
