using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Telemetry.Audit;

namespace Telemetry.Storage;

/// <summary>
/// One NDJSON file per tenant under <c>{root}</c>, appended and flushed to disk per event, never rewritten.
/// A torn last line (a crash mid-append) is skipped on read and ended before the next append.
/// </summary>
public sealed class FileAuditStore(string root) : IAuditStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task AppendAsync(string tenantId, AuditEvent auditEvent)
    {
        Directory.CreateDirectory(root);
        var line = JsonSerializer.SerializeToUtf8Bytes(auditEvent, Json);
        await using var file = new FileStream(PathOf(tenantId), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 4096, FileOptions.Asynchronous);
        if (file.Length > 0)
        {
            // A torn last line (no newline) must stay a line of its own, or this event would be glued to it and lost.
            file.Seek(-1, SeekOrigin.End);
            var last = file.ReadByte();
            if (last != '\n')
            {
                file.WriteByte((byte)'\n');
            }
        }

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
                // Only a crash mid-append leaves a torn line; the next append ends it, so it may also sit mid-file.
            }
        }

        return events;
    }

    private string PathOf(string tenantId) =>
        Path.Combine(root, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tenantId)))[..32] + ".ndjson");
}
