using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Telemetry.Audit;

namespace Telemetry.Storage;

/// <summary>How both audit stores write a tenant's trail: one JSON line per event in a file named by a hash of the tenant.</summary>
public static class AuditLines
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The tenant's file name: tenant ids never appear in paths.</summary>
    public static string FileName(string tenantId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tenantId)))[..32] + ".ndjson";

    /// <summary>The event as one line, newline included.</summary>
    public static byte[] Encode(AuditEvent auditEvent) => [.. JsonSerializer.SerializeToUtf8Bytes(auditEvent, Json), (byte)'\n'];

    /// <summary>The events of the lines, skipping any torn line (only a crash mid-append leaves one).</summary>
    public static List<AuditEvent> Decode(IEnumerable<string> lines)
    {
        var events = new List<AuditEvent>();
        foreach (var line in lines)
        {
            try
            {
                if (line.Length > 0 && JsonSerializer.Deserialize<AuditEvent>(line, Json) is { } auditEvent)
                {
                    events.Add(auditEvent);
                }
            }
            catch (JsonException)
            {
                // A torn line; the next append ends it, so it may also sit mid-file.
            }
        }

        return events;
    }
}
