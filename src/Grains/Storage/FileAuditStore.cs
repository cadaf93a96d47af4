using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Telemetry.Audit;

namespace Telemetry.Storage;

/// <summary>
/// One NDJSON file per tenant under <c>{root}</c>, appended and flushed to disk per event, never rewritten.
/// A torn last line (a crash mid-append) is skipped on read.
/// </summary>
public sealed class FileAuditStore(string root) : IAuditStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task AppendAsync(string tenantId, AuditEvent auditEvent)
    {
        Directory.CreateDirectory(root);
        var line = JsonSerializer.SerializeToUtf8Bytes(auditEvent, Json);
        await using var file = new FileStream(PathOf(tenantId), FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.Asynchronous);
        await file.WriteAsync(line);
        await file.WriteAsync("\n"u8.ToArray());
        file.Flush(flushToDisk: true);
    }

    public async Task<List<AuditEvent>> ReadAllAsync(string tenantId)
    {
        var events = new List<AuditEvent>();
        var path = PathOf(tenantId);
        if (!File.Exists(path))
        {
            return events;
        }

        foreach (var line in await File.ReadAllLinesAsync(path))
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
                // Only a crash mid-append leaves a torn line, and only as the last one.
            }
        }

        return events;
    }

    private string PathOf(string tenantId) =>
        Path.Combine(root, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tenantId)))[..32] + ".ndjson");
}
