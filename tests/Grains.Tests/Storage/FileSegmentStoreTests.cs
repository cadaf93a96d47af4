using Telemetry.Storage;
using Xunit;

namespace Telemetry.Tests.Storage;

public sealed class FileSegmentStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "segment-store-tests-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_written_blob_reads_back_and_leaves_no_temporary_file()
    {
        var store = new FileSegmentStore(_root);

        await store.WriteAsync("acme/picks/raw/2026/12/04/16/1.parquet", new MemoryStream([1, 2, 3]));
        await store.WriteAsync("acme/picks/raw/2026/12/04/16/1.parquet", new MemoryStream([4, 5]));

        await using var read = await store.OpenReadAsync("acme/picks/raw/2026/12/04/16/1.parquet");
        var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal([4, 5], copy.ToArray());
        Assert.Equal(["1.parquet"], Directory.GetFiles(Path.Combine(_root, "acme/picks/raw/2026/12/04/16")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Delete_removes_the_blob_and_tolerates_a_missing_one()
    {
        var store = new FileSegmentStore(_root);
        await store.WriteAsync("a/b.parquet", new MemoryStream([1]));

        await store.DeleteAsync("a/b.parquet");
        await store.DeleteAsync("a/b.parquet");

        await Assert.ThrowsAsync<FileNotFoundException>(() => store.OpenReadAsync("a/b.parquet"));
    }

    [Fact]
    public async Task A_path_leaving_the_root_is_refused()
    {
        var store = new FileSegmentStore(_root);

        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync("../escape.parquet", new MemoryStream([1])));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
