using Telemetry.Audit;

namespace Telemetry.Storage;

/// <summary>Append-only storage of a tenant's audit events.</summary>
public interface IAuditStore
{
    Task AppendAsync(string tenantId, AuditEvent auditEvent);

    Task<List<AuditEvent>> ReadAllAsync(string tenantId);
}
