using Telemetry.Audit;
using Telemetry.Storage;
using Xunit;

namespace Telemetry.Tests.Storage;

/// <summary>What every audit store must do, run against each implementation (files, Azure append blobs).</summary>
public abstract class AuditStoreContractTests
{
    protected const string Tenant = "acme";
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    protected abstract IAuditStore Store { get; }

    [Fact]
    public async Task A_tenant_without_events_reads_empty()
    {
        Assert.Empty(await Store.ReadAllAsync(Tenant));
    }

    [Fact]
    public async Task Appended_events_read_back_in_order_per_tenant()
    {
        await Store.AppendAsync(Tenant, Event(1, "schema.create"));
        await Store.AppendAsync("other", Event(1, "keys.create"));
        await Store.AppendAsync(Tenant, Event(2, "schema.update") with { Before = """{"unit":null}""", After = null });

        var events = await Store.ReadAllAsync(Tenant);

        Assert.Equal(new[] { Event(1, "schema.create"), Event(2, "schema.update") with { Before = """{"unit":null}""", After = null } }, events);
        Assert.Equal("keys.create", Assert.Single(await Store.ReadAllAsync("other")).Action);
    }

    protected static AuditEvent Event(long sequence, string action) =>
        new(sequence, Now.AddMinutes(sequence), "alice", action, "metric/inventory.on_hand", null, """{"type":"gauge"}""");
}
