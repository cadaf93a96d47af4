using System.Text;
using Telemetry.Audit;
using Telemetry.Storage;
using Xunit;

namespace Telemetry.Tests.Storage;

public sealed class FileAuditStoreTests : IDisposable
{
    private const string Tenant = "acme";
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "telemetry-audit-tests-" + Guid.NewGuid().ToString("N"));
    private readonly FileAuditStore _store;

    public FileAuditStoreTests() => _store = new FileAuditStore(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task A_tenant_without_events_reads_empty()
    {
        Assert.Empty(await _store.ReadAllAsync(Tenant));
    }

    [Fact]
    public async Task Appended_events_read_back_in_order_per_tenant()
    {
        await _store.AppendAsync(Tenant, Event(1, "schema.create"));
        await _store.AppendAsync("other", Event(1, "keys.create"));
        await _store.AppendAsync(Tenant, Event(2, "schema.update") with { Before = """{"unit":null}""", After = null });

        var events = await _store.ReadAllAsync(Tenant);

        Assert.Equal(new[] { Event(1, "schema.create"), Event(2, "schema.update") with { Before = """{"unit":null}""", After = null } }, events);
        Assert.Equal("keys.create", Assert.Single(await _store.ReadAllAsync("other")).Action);
    }

    [Fact]
    public async Task A_torn_last_line_is_skipped()
    {
        await _store.AppendAsync(Tenant, Event(1, "schema.create"));
        await _store.AppendAsync(Tenant, Event(2, "schema.update"));
        TearTail();

        var events = await _store.ReadAllAsync(Tenant);

        Assert.Equal(new long[] { 1, 2 }, events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task An_event_appended_after_a_torn_line_is_kept()
    {
        await _store.AppendAsync(Tenant, Event(1, "schema.create"));
        TearTail();

        await _store.AppendAsync(Tenant, Event(2, "schema.update"));
        await _store.AppendAsync(Tenant, Event(3, "schema.deprecate"));

        var events = await _store.ReadAllAsync(Tenant);
        Assert.Equal(new long[] { 1, 2, 3 }, events.Select(e => e.Sequence));
    }

    /// <summary>Leaves half an event at the end of the tenant's file without its newline, as a crash mid-append would.</summary>
    private void TearTail()
    {
        var file = Assert.Single(Directory.GetFiles(_root));
        File.AppendAllText(file, """{"sequence":99,"at":"2025-06-01T12:""", Encoding.UTF8);
    }

    private static AuditEvent Event(long sequence, string action) =>
        new(sequence, Now.AddMinutes(sequence), "alice", action, "metric/inventory.on_hand", null, """{"type":"gauge"}""");
}
