using System.Text;
using Telemetry.Storage;
using Xunit;

namespace Telemetry.Tests.Storage;

public sealed class FileAuditStoreTests : AuditStoreContractTests, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "telemetry-audit-tests-" + Guid.NewGuid().ToString("N"));
    private readonly FileAuditStore _store;

    public FileAuditStoreTests() => _store = new FileAuditStore(_root);

    protected override IAuditStore Store => _store;

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
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
}
