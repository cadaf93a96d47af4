using System.Collections.Immutable;
using Telemetry.Storage;

namespace Telemetry.Audit;

/// <summary>
/// A tenant's audit log: every event is appended to the store before it is acknowledged; queries run
/// over the events loaded at activation plus those appended since.
/// </summary>
public sealed class AuditLogGrain(IAuditStore store, TimeProvider time) : Grain, IAuditLogGrain
{
    public const int MaxPageSize = 1000;

    private List<AuditEvent> _events = [];

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _events = await store.ReadAllAsync(this.GetPrimaryKeyString());

    async Task<AuditEvent> IAuditLogGrain.AppendAsync(string actor, string action, string target, string? before, string? after)
    {
        var sequence = _events.Count == 0 ? 1 : _events[^1].Sequence + 1;
        var auditEvent = new AuditEvent(sequence, time.GetUtcNow(), actor, action, target, before, after);
        await store.AppendAsync(this.GetPrimaryKeyString(), auditEvent);
        _events.Add(auditEvent);
        return auditEvent;
    }

    Task<AuditPage> IAuditLogGrain.QueryAsync(AuditQuery query)
    {
        var limit = Math.Clamp(query.Limit, 1, MaxPageSize);
        var matches = _events
            .Where(e => e.Sequence > query.AfterSequence
                && (query.Actor is null || e.Actor == query.Actor)
                && (query.Action is null || e.Action == query.Action || e.Action.StartsWith(query.Action + ".", StringComparison.Ordinal))
                && (query.From is null || e.At >= query.From)
                && (query.To is null || e.At < query.To))
            .Take(limit + 1)
            .ToList();

        var page = matches.Take(limit).ToImmutableArray();
        return Task.FromResult(new AuditPage(page, matches.Count > limit ? page[^1].Sequence : null));
    }
}
