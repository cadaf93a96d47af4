using Telemetry.Idempotency;
using Xunit;

namespace Telemetry.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class IdempotencyGrainTests(ClusterFixture fixture)
{
    private static readonly StoredResponse Accepted = new(202, "application/json", "{\"accepted\":3}"u8.ToArray());

    private readonly IIdempotencyGrain _key = fixture.Client.GetGrain<IIdempotencyGrain>(
        $"tenant-{Guid.NewGuid():N}/ingest/{Guid.NewGuid():N}");

    [Fact]
    public async Task The_first_request_proceeds()
    {
        Assert.Equal(IdempotencyVerdict.Proceed, (await _key.BeginAsync("body-a")).Verdict);
    }

    [Fact]
    public async Task While_the_first_request_runs_a_resend_is_in_progress_and_another_body_a_mismatch()
    {
        await _key.BeginAsync("body-a");

        Assert.Equal(IdempotencyVerdict.InProgress, (await _key.BeginAsync("body-a")).Verdict);
        Assert.Equal(IdempotencyVerdict.Mismatch, (await _key.BeginAsync("body-b")).Verdict);
    }

    [Fact]
    public async Task After_completion_a_resend_replays_the_stored_response()
    {
        await _key.BeginAsync("body-a");
        await _key.CompleteAsync("body-a", Accepted);

        var decision = await _key.BeginAsync("body-a");

        Assert.Equal(IdempotencyVerdict.Replay, decision.Verdict);
        Assert.Equal(Accepted.StatusCode, decision.Response!.StatusCode);
        Assert.Equal(Accepted.ContentType, decision.Response.ContentType);
        Assert.Equal(Accepted.Body, decision.Response.Body);
    }

    [Fact]
    public async Task After_completion_another_body_is_a_mismatch()
    {
        await _key.BeginAsync("body-a");
        await _key.CompleteAsync("body-a", Accepted);

        var decision = await _key.BeginAsync("body-b");

        Assert.Equal(IdempotencyVerdict.Mismatch, decision.Verdict);
        Assert.Null(decision.Response);
    }

    [Fact]
    public async Task Abandoning_frees_the_key_for_any_body()
    {
        await _key.BeginAsync("body-a");

        await _key.AbandonAsync("body-a");

        Assert.Equal(IdempotencyVerdict.Proceed, (await _key.BeginAsync("body-b")).Verdict);
    }

    [Fact]
    public async Task The_stored_response_survives_deactivation()
    {
        await _key.BeginAsync("body-a");
        await _key.CompleteAsync("body-a", Accepted);

        await fixture.Cluster.DeactivateAsync(_key);

        Assert.Equal(IdempotencyVerdict.Replay, (await _key.BeginAsync("body-a")).Verdict);
        Assert.Equal(IdempotencyVerdict.Mismatch, (await _key.BeginAsync("body-b")).Verdict);
    }

    [Fact]
    public async Task A_request_completed_after_its_claim_was_lost_still_replays_for_its_body()
    {
        // The claim lives in memory; a deactivation while the request runs (idle collection, shutdown,
        // migration) loses it, but the request still completes.
        await _key.BeginAsync("body-a");
        await fixture.Cluster.DeactivateAsync(_key);
        await _key.CompleteAsync("body-a", Accepted);

        Assert.Equal(IdempotencyVerdict.Replay, (await _key.BeginAsync("body-a")).Verdict);
    }

    [Fact]
    public async Task A_request_completed_after_another_body_claimed_the_lost_key_keeps_its_own_response()
    {
        var other = new StoredResponse(202, "application/json", "{\"accepted\":1}"u8.ToArray());
        await _key.BeginAsync("body-a");
        await fixture.Cluster.DeactivateAsync(_key);
        Assert.Equal(IdempotencyVerdict.Proceed, (await _key.BeginAsync("body-b")).Verdict);

        await _key.CompleteAsync("body-a", Accepted);
        await _key.CompleteAsync("body-b", other);

        // The first response is the one remembered, under the body that produced it.
        var replay = await _key.BeginAsync("body-a");
        Assert.Equal(IdempotencyVerdict.Replay, replay.Verdict);
        Assert.Equal(Accepted.Body, replay.Response!.Body);
        Assert.Equal(IdempotencyVerdict.Mismatch, (await _key.BeginAsync("body-b")).Verdict);
    }

    [Fact]
    public async Task Abandoning_a_lost_claim_leaves_the_newer_claim_in_place()
    {
        await _key.BeginAsync("body-a");
        await fixture.Cluster.DeactivateAsync(_key);
        await _key.BeginAsync("body-b");

        await _key.AbandonAsync("body-a");

        Assert.Equal(IdempotencyVerdict.InProgress, (await _key.BeginAsync("body-b")).Verdict);
        Assert.Equal(IdempotencyVerdict.Mismatch, (await _key.BeginAsync("body-c")).Verdict);
    }

    [Fact]
    public async Task After_the_retention_the_key_is_fresh_again()
    {
        await _key.BeginAsync("body-a");
        await _key.CompleteAsync("body-a", Accepted);

        fixture.Time.Advance(TimeSpan.FromHours(25));

        Assert.Equal(IdempotencyVerdict.Proceed, (await _key.BeginAsync("body-b")).Verdict);
        Assert.Equal(IdempotencyVerdict.InProgress, (await _key.BeginAsync("body-b")).Verdict);
    }

    [Fact]
    public async Task Within_the_retention_the_response_is_still_replayed()
    {
        await _key.BeginAsync("body-a");
        await _key.CompleteAsync("body-a", Accepted);

        fixture.Time.Advance(TimeSpan.FromHours(23));

        Assert.Equal(IdempotencyVerdict.Replay, (await _key.BeginAsync("body-a")).Verdict);
    }
}
