using Azure;
using Azure.Storage.Blobs;

namespace Telemetry.Storage;

/// <summary>
/// Segments as block blobs under <c>{prefix}/</c> (the Azure provider uses <c>{ServiceId}/segments</c>). An upload
/// commits its blocks at once, so a reader never sees half a segment.
/// </summary>
public sealed class BlobSegmentStore(Func<Task<BlobContainerClient>> container, string prefix) : ISegmentStore
{
    public Task WriteAsync(string path, Stream content) =>
        StorageFailures.GuardAsync(async () =>
        {
            await (await BlobOfAsync(path)).UploadAsync(content, overwrite: true);
        }, "Writing a segment");

    public Task<Stream> OpenReadAsync(string path) =>
        StorageFailures.GuardAsync(async () =>
        {
            // Parquet readers seek; a segment is small enough to read whole.
            var content = (await (await BlobOfAsync(path)).DownloadContentAsync()).Value.Content;
            return (Stream)new MemoryStream(content.ToArray(), writable: false);
        }, "Reading a segment");

    public Task DeleteAsync(string path) =>
        StorageFailures.GuardAsync(async () =>
        {
            await (await BlobOfAsync(path)).DeleteIfExistsAsync();
        }, "Deleting a segment");

    private async Task<BlobClient> BlobOfAsync(string path) =>
        (await container()).GetBlobClient(prefix.TrimEnd('/') + "/" + path);
}
