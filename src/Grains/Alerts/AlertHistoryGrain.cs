using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Telemetry.Hosting;

namespace Telemetry.Alerts;

/// <summary>
/// A rule's incidents and history. Evaluators report state changes, the notifier reports deliveries; both are kept
/// up to <c>HistoryLimit</c> (the oldest history entries, and the oldest resolved incidents, go first).
/// </summary>
public sealed class AlertHistoryGrain(
    [PersistentState("alert-history", TelemetryStorage.Name)] IPersistentState<AlertHistoryState> state,
    IOptions<AlertEvaluationOptions> options,
    AlertNotifier notifier,
    TimeProvider time) : Grain, IAlertHistoryGrain
{
    private readonly int _limit = Math.Max(1, options.Value.HistoryLimit);

    async Task IAlertHistoryGrain.RecordAsync(AlertReport report)
    {
        var incidents = state.State.Incidents;
        var groupHash = report.Group.Hash;
        string? incidentId = null;
        if (report.Incident is { } incident)
        {
            incidentId = AlertKeys.IncidentId(incident);
            var failed = incidents.GetValueOrDefault(incidentId)?.DeliveriesFailed ?? 0;
            incidents[incidentId] = new StoredIncident(incidentId, incident, report.RuleVersion, failed, time.GetUtcNow());
        }

        // A pending breach that was abandoned before it fired was never an incident anyone heard of: forget it.
        if (state.State.CurrentByGroup.TryGetValue(groupHash, out var previous) && previous != incidentId
            && incidents.TryGetValue(previous, out var abandoned) && abandoned.Record.FiredAt is null)
        {
            incidents.Remove(previous);
        }

        if (incidentId is null)
        {
            state.State.CurrentByGroup.Remove(groupHash);
        }
        else
        {
            state.State.CurrentByGroup[groupHash] = incidentId;
        }

        foreach (var transition in report.Transitions)
        {
            Append(new AlertHistoryEntry(
                0, AlertHistoryKind.Transition, transition.At, incidentId, report.Group, transition.From, transition.To,
                transition.SampleAt, transition.Value, transition.Notified, null, null, null, null));
        }

        TrimIncidents();
        await state.WriteStateAsync();
    }

    async Task IAlertHistoryGrain.RecordDeliveryAsync(DeliveryReport report)
    {
        if (!report.Result.Delivered && report.IncidentId is { } id && state.State.Incidents.TryGetValue(id, out var incident))
        {
            state.State.Incidents[id] = incident with { DeliveriesFailed = incident.DeliveriesFailed + 1 };
        }

        Append(DeliveryEntry(report));
        await state.WriteStateAsync();
    }

    Task<ImmutableArray<StoredIncident>> IAlertHistoryGrain.GetIncidentsAsync() =>
        Task.FromResult(state.State.Incidents.Values
            .OrderByDescending(i => i.Record.OpenedAt)
            .ThenBy(i => i.Id, StringComparer.Ordinal)
            .ToImmutableArray());

    Task<ImmutableArray<AlertHistoryEntry>> IAlertHistoryGrain.GetHistoryAsync(long? before, int limit)
    {
        var entries = state.State.Entries;
        var page = ImmutableArray.CreateBuilder<AlertHistoryEntry>();
        for (var i = entries.Count - 1; i >= 0 && page.Count < limit; i--)
        {
            if (before is null || entries[i].Sequence < before)
            {
                page.Add(entries[i]);
            }
        }

        return Task.FromResult(page.ToImmutable());
    }

    async Task<ImmutableArray<DeliveryReport>> IAlertHistoryGrain.SendTestAsync(AlertDefinition definition)
    {
        var reports = await notifier.SendTestAsync(definition, CancellationToken.None);
        foreach (var report in reports)
        {
            Append(DeliveryEntry(report));
        }

        await state.WriteStateAsync();
        return reports;
    }

    async Task IAlertHistoryGrain.ClearAsync()
    {
        await state.ClearStateAsync();
        state.State = new AlertHistoryState();
        DeactivateOnIdle();
    }

    private static AlertHistoryEntry DeliveryEntry(DeliveryReport report) => new(
        0, report.Test ? AlertHistoryKind.Test : AlertHistoryKind.Delivery, report.At, report.IncidentId, report.Group,
        null, null, null, null, null, report.Notification, report.Channel.Describe(), report.Channel.Type, report.Result);

    private void Append(AlertHistoryEntry entry)
    {
        state.State.Entries.Add(entry with { Sequence = state.State.NextSequence++ });
        if (state.State.Entries.Count > _limit)
        {
            state.State.Entries.RemoveRange(0, state.State.Entries.Count - _limit);
        }
    }

    /// <summary>Keeps at most the limit of incidents: the oldest resolved ones go; open ones are always kept.</summary>
    private void TrimIncidents()
    {
        var incidents = state.State.Incidents;
        if (incidents.Count <= _limit)
        {
            return;
        }

        var oldest = incidents.Values
            .Where(i => i.Record.State == AlertState.Resolved)
            .OrderBy(i => i.Record.ResolvedAt)
            .Take(incidents.Count - _limit)
            .Select(i => i.Id)
            .ToList();
        foreach (var id in oldest)
        {
            incidents.Remove(id);
        }
    }
}
