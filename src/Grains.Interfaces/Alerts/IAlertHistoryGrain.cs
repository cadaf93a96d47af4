using System.Collections.Immutable;

namespace Telemetry.Alerts;

/// <summary>
/// One per rule (key <c>tenant/ruleId</c>, see <see cref="AlertKeys.ForRule"/>): the rule's incidents and its history
/// of state changes and deliveries, bounded by <c>Telemetry:Alerts:HistoryLimit</c> entries and incidents.
/// Evaluators and the notifier report to it; the API reads it.
/// </summary>
[Alias("Telemetry.Alerts.IAlertHistoryGrain")]
public interface IAlertHistoryGrain : IGrainWithStringKey
{
    /// <summary>Records an evaluation's state changes and the group's incident as it now stands.</summary>
    [Alias("Record")]
    Task RecordAsync(AlertReport report);

    /// <summary>Records how a delivery ended; a failed one counts against its incident.</summary>
    [Alias("RecordDelivery")]
    Task RecordDeliveryAsync(DeliveryReport report);

    /// <summary>The rule's incidents, newest opened first.</summary>
    [Alias("GetIncidents")]
    Task<ImmutableArray<StoredIncident>> GetIncidentsAsync();

    /// <summary>History entries with a sequence below <paramref name="before"/> (all when null), newest first, at most <paramref name="limit"/>.</summary>
    [Alias("GetHistory")]
    Task<ImmutableArray<AlertHistoryEntry>> GetHistoryAsync(long? before, int limit);

    /// <summary>Sends a test notification, marked as one, to every channel of <paramref name="definition"/>; records and returns how each delivery ended.</summary>
    [Alias("SendTest")]
    Task<ImmutableArray<DeliveryReport>> SendTestAsync(AlertDefinition definition);

    /// <summary>Forgets everything (the rule was deleted).</summary>
    [Alias("Clear")]
    Task ClearAsync();
}
