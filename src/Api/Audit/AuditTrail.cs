using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Telemetry.Api.Auth;

namespace Telemetry.Api.Audit;

/// <summary>
/// Appends configuration changes made through the API to the tenant's audit log: the calling key as the
/// actor, and the before/after states as compact JSON in the API's own representation.
/// </summary>
public sealed class AuditTrail(IGrainFactory grains, IOptions<JsonOptions> json)
{
    public async Task RecordAsync(TelemetryCaller caller, string action, string target, object? before, object? after) =>
        await grains.GetGrain<Telemetry.Audit.IAuditLogGrain>(caller.TenantId)
            .AppendAsync(caller.KeyId, action, target, Serialize(before), Serialize(after));

    private string? Serialize(object? value) =>
        value is null ? null : JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions);
}
