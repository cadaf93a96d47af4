using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Telemetry.Idempotency;
using Telemetry.Storage;
using Xunit;

namespace Telemetry.Tests.Storage;

public sealed class FileGrainStorageTests : IDisposable
{
    private const string StateName = "idempotency";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "telemetry-storage-tests-" + Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private readonly FileGrainStorage _storage;

    public FileGrainStorageTests()
    {
        _storage = new FileGrainStorage(_root, new OrleansGrainStorageSerializer(_services.GetRequiredService<Serializer>()));
    }

    public void Dispose()
    {
        _services.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task A_grain_never_written_reads_as_a_fresh_state_without_a_record()
    {
        var state = new GrainState<IdempotencyState>();

        await _storage.ReadStateAsync(StateName, NewGrainId(), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.NotNull(state.State);
        Assert.Null(state.State!.Response);
    }

    [Fact]
    public async Task A_written_state_reads_back_with_its_etag()
    {
        var grainId = NewGrainId();
        var written = new GrainState<IdempotencyState>(Sample());

        await _storage.WriteStateAsync(StateName, grainId, written);
        var read = new GrainState<IdempotencyState>();
        await _storage.ReadStateAsync(StateName, grainId, read);

        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal("fingerprint", read.State!.Fingerprint);
        Assert.Equal(Sample().CompletedAt, read.State!.CompletedAt);
        Assert.Equal(201, read.State!.Response!.StatusCode);
        Assert.Equal("application/json", read.State!.Response.ContentType);
        Assert.Equal("{\"ok\":true}"u8.ToArray(), read.State!.Response.Body);
    }

    [Fact]
    public async Task Each_write_gives_a_new_etag_and_the_last_state_wins()
    {
        var grainId = NewGrainId();
        var state = new GrainState<IdempotencyState>(Sample());
        await _storage.WriteStateAsync(StateName, grainId, state);
        var first = state.ETag;

        state.State!.Fingerprint = "second";
        await _storage.WriteStateAsync(StateName, grainId, state);

        Assert.NotEqual(first, state.ETag);
        var read = new GrainState<IdempotencyState>();
        await _storage.ReadStateAsync(StateName, grainId, read);
        Assert.Equal("second", read.State!.Fingerprint);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        var grainId = NewGrainId();
        var first = new GrainState<IdempotencyState>(Sample());
        await _storage.WriteStateAsync(StateName, grainId, first);
        var stale = new GrainState<IdempotencyState>();
        await _storage.ReadStateAsync(StateName, grainId, stale);
        first.State!.Fingerprint = "winner";
        await _storage.WriteStateAsync(StateName, grainId, first);

        stale.State!.Fingerprint = "loser";
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, grainId, stale));

        var read = new GrainState<IdempotencyState>();
        await _storage.ReadStateAsync(StateName, grainId, read);
        Assert.Equal("winner", read.State!.Fingerprint);
    }

    [Fact]
    public async Task A_first_write_over_an_existing_record_is_refused()
    {
        var grainId = NewGrainId();
        await _storage.WriteStateAsync(StateName, grainId, new GrainState<IdempotencyState>(Sample()));

        var unaware = new GrainState<IdempotencyState>(Sample());

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, grainId, unaware));
    }

    [Fact]
    public async Task Clear_removes_the_record_and_a_new_first_write_succeeds()
    {
        var grainId = NewGrainId();
        var state = new GrainState<IdempotencyState>(Sample());
        await _storage.WriteStateAsync(StateName, grainId, state);

        await _storage.ClearStateAsync(StateName, grainId, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Null(state.State!.Response);
        var read = new GrainState<IdempotencyState>();
        await _storage.ReadStateAsync(StateName, grainId, read);
        Assert.False(read.RecordExists);

        await _storage.WriteStateAsync(StateName, grainId, new GrainState<IdempotencyState>(Sample()));
    }

    [Fact]
    public async Task Grains_and_state_names_do_not_share_files()
    {
        var grainId = NewGrainId();
        await _storage.WriteStateAsync(StateName, grainId, new GrainState<IdempotencyState>(Sample()));

        var otherGrain = new GrainState<IdempotencyState>();
        await _storage.ReadStateAsync(StateName, NewGrainId(), otherGrain);
        var otherName = new GrainState<IdempotencyState>();
        await _storage.ReadStateAsync("other", grainId, otherName);

        Assert.False(otherGrain.RecordExists);
        Assert.False(otherName.RecordExists);
    }

    private static GrainId NewGrainId() => GrainId.Create("idempotency", Guid.NewGuid().ToString("N"));

    private static IdempotencyState Sample() => new()
    {
        Fingerprint = "fingerprint",
        Response = new StoredResponse(201, "application/json", "{\"ok\":true}"u8.ToArray()),
        CompletedAt = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero),
    };
}
