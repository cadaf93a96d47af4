using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Telemetry.Ingest;
using Xunit;

namespace Telemetry.Tests.Ingest;

public sealed class FileIngestLogTests : IngestLogContractTests<FileIngestLog>
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "telemetry-log-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_torn_last_entry_is_cut_off_and_the_whole_entries_before_it_replay()
    {
        await using (var log = await OpenAsync())
        {
            await log.AppendAsync([Batch("a", 1)]);
            await log.AppendAsync([Batch("a", 2)]);
        }

        // A crash in the middle of a write: the last entry lost its tail.
        var file = Directory.GetFiles(_directory).Single(f => new FileInfo(f).Length > 0);
        await using (var stream = new FileStream(file, FileMode.Open))
        {
            stream.SetLength(stream.Length - 3);
        }

        await using var reopened = Open();
        var entries = await ReplayAsync(reopened);

        Assert.Equal([1L], entries.Select(e => e.Sequence));
        Assert.Equal(2, await reopened.AppendAsync([Batch("a", 3)]));
    }

    [Fact]
    public async Task A_corrupted_entry_ends_the_replay_of_its_file()
    {
        await using (var log = await OpenAsync())
        {
            await log.AppendAsync([Batch("a", 1)]);
            await log.AppendAsync([Batch("a", 2)]);
        }

        var file = Directory.GetFiles(_directory).Single(f => new FileInfo(f).Length > 0);
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[^1] ^= 0xFF; // the checksum of the second entry no longer matches
        await File.WriteAllBytesAsync(file, bytes);

        await using var reopened = Open();
        Assert.Equal([1L], (await ReplayAsync(reopened)).Select(e => e.Sequence));
    }

    public override void Dispose()
    {
        base.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    protected override FileIngestLog Open(IngestLogOptions? options = null) =>
        new(_directory, Serializer, Options.Create(options ?? new IngestLogOptions()), NullLogger<FileIngestLog>.Instance);
}
