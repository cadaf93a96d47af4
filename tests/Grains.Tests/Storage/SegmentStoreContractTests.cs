using Telemetry.Storage;
using Xunit;

namespace Telemetry.Tests.Storage;

/// <summary>What every segment store must do, run against each implementation (files, Azure blobs).</summary>
public abstract class SegmentStoreContractTests
{
    protected abstract ISegmentStore Store { get; }

    [Fact]
    public async Task A_written_blob_reads_back_seekable_and_a_rewrite_replaces_it()
    {
        await Store.WriteAsync("acme/picks/raw/2026/12/04/16/1.parquet", new MemoryStream([1, 2, 3]));
        await Store.WriteAsync("acme/picks/raw/2026/12/04/16/1.parquet", new MemoryStream([4, 5]));

        await using var read = await Store.OpenReadAsync("acme/picks/raw/2026/12/04/16/1.parquet");
        var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal([4, 5], copy.ToArray());
        Assert.True(read.CanSeek);
    }

    [Fact]
    public async Task Delete_removes_the_blob_and_tolerates_a_missing_one()
    {
        await Store.WriteAsync("a/b.parquet", new MemoryStream([1]));

        await Store.DeleteAsync("a/b.parquet");
        await Store.DeleteAsync("a/b.parquet");

        await Assert.ThrowsAnyAsync<Exception>(() => Store.OpenReadAsync("a/b.parquet"));
    }
}
