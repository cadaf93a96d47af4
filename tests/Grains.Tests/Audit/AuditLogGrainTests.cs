using Telemetry.Audit;
using Telemetry.Tests.Cluster;
using Xunit;

namespace Telemetry.Tests.Audit;

[Collection(ClusterCollection.Name)]
public sealed class AuditLogGrainTests(ClusterFixture fixture)
{
    private readonly IAuditLogGrain _log = fixture.Client.GetGrain<IAuditLogGrain>("tenant-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Appended_events_get_increasing_sequences_and_the_current_time()
    {
        var now = fixture.Time.GetUtcNow();

        var first = await _log.AppendAsync("alice", "schema.create", "metric/a", null, """{"type":"gauge"}""");
        var second = await _log.AppendAsync("bob", "schema.update", "metric/a", """{"type":"gauge"}""", """{"type":"gauge","unit":"items"}""");

        Assert.Equal(1, first.Sequence);
        Assert.Equal(2, second.Sequence);
        Assert.Equal(now, first.At);
        Assert.Equal(new AuditEvent(2, now, "bob", "schema.update", "metric/a", """{"type":"gauge"}""", """{"type":"gauge","unit":"items"}"""), second);
        Assert.Equal(new[] { first, second }, (await QueryAsync()).Events);
    }

    [Fact]
    public async Task Events_filter_by_actor()
    {
        await AppendAsync(("alice", "schema.create"), ("bob", "schema.update"), ("alice", "keys.create"));

        var page = await QueryAsync(actor: "alice");

        Assert.Equal(new long[] { 1, 3 }, page.Events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task An_action_filter_matches_the_action_and_its_dotted_children()
    {
        await AppendAsync(("alice", "schema"), ("alice", "schema.update"), ("alice", "schemas.update"), ("alice", "normalization.create"), ("alice", "schema.update.forced"));

        Assert.Equal(new long[] { 1, 2, 5 }, (await QueryAsync(action: "schema")).Events.Select(e => e.Sequence));
        Assert.Equal(new long[] { 2, 5 }, (await QueryAsync(action: "schema.update")).Events.Select(e => e.Sequence));
        Assert.Empty((await QueryAsync(action: "sch")).Events);
    }

    [Fact]
    public async Task Time_filters_take_from_inclusive_and_to_exclusive()
    {
        var t0 = fixture.Time.GetUtcNow();
        for (var i = 0; i < 4; i++)
        {
            await _log.AppendAsync("alice", "schema.update", "metric/a", null, null);
            fixture.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var page = await QueryAsync(from: t0.AddMinutes(1), to: t0.AddMinutes(3));

        Assert.Equal(new long[] { 2, 3 }, page.Events.Select(e => e.Sequence));
        Assert.Equal(new[] { t0.AddMinutes(1), t0.AddMinutes(2) }, page.Events.Select(e => e.At));
    }

    [Fact]
    public async Task Pages_follow_the_cursor_until_no_more_match()
    {
        await AppendAsync(("alice", "schema.create"), ("bob", "keys.create"), ("alice", "schema.update"), ("alice", "schema.update"), ("bob", "schema.update"), ("alice", "schema.deprecate"));

        var first = await QueryAsync(actor: "alice", limit: 2);
        var second = await QueryAsync(actor: "alice", limit: 2, after: first.NextAfterSequence!.Value);

        Assert.Equal(new long[] { 1, 3 }, first.Events.Select(e => e.Sequence));
        Assert.Equal(3, first.NextAfterSequence);
        Assert.Equal(new long[] { 4, 6 }, second.Events.Select(e => e.Sequence));
        Assert.Null(second.NextAfterSequence);
        Assert.Equal(first.Events.Concat(second.Events), (await QueryAsync(actor: "alice")).Events);
    }

    [Fact]
    public async Task A_page_that_exactly_fills_the_limit_offers_no_cursor_when_nothing_follows()
    {
        await AppendAsync(("alice", "a"), ("alice", "b"));

        var page = await QueryAsync(limit: 2);

        Assert.Equal(2, page.Events.Length);
        Assert.Null(page.NextAfterSequence);
    }

    [Fact]
    public async Task The_page_size_is_clamped()
    {
        await AppendAsync(("alice", "a"), ("alice", "b"));

        var page = await QueryAsync(limit: 0);

        Assert.Single(page.Events);
        Assert.Equal(1, page.NextAfterSequence);
    }

    [Fact]
    public async Task Events_survive_deactivation_and_sequences_continue()
    {
        await AppendAsync(("alice", "schema.create"), ("bob", "schema.update"));

        await fixture.Cluster.DeactivateAsync(_log);
        var third = await _log.AppendAsync("carol", "schema.deprecate", "metric/a", null, null);

        Assert.Equal(3, third.Sequence);
        Assert.Equal(new[] { "alice", "bob", "carol" }, (await QueryAsync()).Events.Select(e => e.Actor));
    }

    private async Task AppendAsync(params (string Actor, string Action)[] events)
    {
        foreach (var (actor, action) in events)
        {
            await _log.AppendAsync(actor, action, "metric/inventory.on_hand", null, null);
        }
    }

    private Task<AuditPage> QueryAsync(string? actor = null, string? action = null, DateTimeOffset? from = null, DateTimeOffset? to = null, long after = 0, int limit = 100) =>
        _log.QueryAsync(new AuditQuery(actor, action, from, to, after, limit));
}
