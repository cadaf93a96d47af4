using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Telemetry.Audit;

namespace Telemetry.Storage;

/// <summary>
/// One append blob per tenant under <c>{prefix}</c>, one AppendBlock per event: Azure appends blocks whole,
/// so no line is ever torn, and nothing is ever rewritten.
/// </summary>
public sealed class AppendBlobAuditStore(Func<Task<BlobContainerClient>> container, string prefix) : IAuditStore
{
    public Task AppendAsync(string tenantId, AuditEvent auditEvent) =>
        StorageFailures.GuardAsync(async () =>
        {
            var blob = await BlobOfAsync(tenantId);
            await blob.CreateIfNotExistsAsync();
            using var line = new MemoryStream(AuditLines.Encode(auditEvent), writable: false);
            await blob.AppendBlockAsync(line);
        }, "Appending to the audit trail");

    public Task<List<AuditEvent>> ReadAllAsync(string tenantId) =>
        StorageFailures.GuardAsync(async () =>
        {
            var blob = await BlobOfAsync(tenantId);
            try
            {
                var content = (await blob.DownloadContentAsync()).Value.Content.ToString();
                return AuditLines.Decode(content.Split('\n'));
            }
            catch (RequestFailedException exception) when (exception.Status == 404)
            {
                return [];
            }
        }, "Reading the audit trail");

    private async Task<AppendBlobClient> BlobOfAsync(string tenantId) =>
        (await container()).GetAppendBlobClient(prefix.TrimEnd('/') + "/" + AuditLines.FileName(tenantId));
}
