using System.Security.Cryptography;
using System.Text;
using Telemetry.Series;

namespace Telemetry.Alerts;

/// <summary>Grain keys and ids of the alerting side.</summary>
public static class AlertKeys
{
    /// <summary>The key of a rule's <see cref="IAlertHistoryGrain"/>.</summary>
    public static string ForRule(string tenantId, string ruleId) => $"{tenantId}/{ruleId}";

    /// <summary>The key of an <see cref="IAlertGroupGrain"/>.</summary>
    public static string ForGroup(string tenantId, string ruleId, SeriesLabels group) =>
        $"{tenantId}/{ruleId}/{SeriesKey.FormatId(group.Hash)}";

    /// <summary>
    /// An incident's id: stable for the (rule, group, start of the breach), so a re-opened incident keeps its id
    /// and every silo names it the same.
    /// </summary>
    public static string IncidentId(IncidentRecord incident)
    {
        var text = $"{incident.RuleId}\n{incident.Group}\n{incident.OpenedAt.UtcTicks}";
        return "inc_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));
    }
}
