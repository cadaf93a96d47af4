namespace Telemetry.Audit;

/// <summary>One per tenant: an append-only log of configuration changes (schema, normalization, limits, keys).</summary>
[Alias("Telemetry.Audit.IAuditLogGrain")]
public interface IAuditLogGrain : IGrainWithStringKey
{
    /// <summary>Appends an event; the log assigns its sequence and time.</summary>
    [Alias("Append")]
    Task<AuditEvent> AppendAsync(string actor, string action, string target, string? before, string? after);

    /// <summary>Events matching the filters, oldest first, paged by sequence.</summary>
    [Alias("Query")]
    Task<AuditPage> QueryAsync(AuditQuery query);
}
