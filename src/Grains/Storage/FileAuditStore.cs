using Telemetry.Audit;

namespace Telemetry.Storage;

/// <summary>
/// One NDJSON file per tenant under <c>{root}</c>, appended and flushed to disk per event, never rewritten.
/// A torn last line (a crash mid-append) is skipped on read and ended before the next append.
/// </summary>
public sealed class FileAuditStore(string root) : IAuditStore
{
    public async Task AppendAsync(string tenantId, AuditEvent auditEvent)
    {
        Directory.CreateDirectory(root);
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

        await file.WriteAsync(AuditLines.Encode(auditEvent));
        file.Flush(flushToDisk: true);
    }

    public async Task<List<AuditEvent>> ReadAllAsync(string tenantId)
    {
        var path = PathOf(tenantId);
        return File.Exists(path) ? AuditLines.Decode(await File.ReadAllLinesAsync(path)) : [];
    }

    private string PathOf(string tenantId) => Path.Combine(root, AuditLines.FileName(tenantId));
}
