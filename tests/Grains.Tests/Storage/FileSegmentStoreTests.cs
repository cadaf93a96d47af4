using Telemetry.Storage;
using Xunit;

namespace Telemetry.Tests.Storage;

public sealed class FileSegmentStoreTests : SegmentStoreContractTests, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "segment-store-tests-" + Guid.NewGuid().ToString("N"));

    public FileSegmentStoreTests() => Store = new FileSegmentStore(_root);

    protected override ISegmentStore Store { get; }

    [Fact]
    public async Task A_write_leaves_no_temporary_file()
    {
        await Store.WriteAsync("acme/picks/raw/2026/12/04/16/1.parquet", new MemoryStream([1, 2, 3]));

        Assert.Equal(["1.parquet"], Directory.GetFiles(Path.Combine(_root, "acme/picks/raw/2026/12/04/16")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_path_leaving_the_root_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync("../escape.parquet", new MemoryStream([1])));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
