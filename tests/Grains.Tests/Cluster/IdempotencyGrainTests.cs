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
        await _key.CompleteAsync(Accepted);

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
        await _key.CompleteAsync(Accepted);

        var decision = await _key.BeginAsync("body-b");

        Assert.Equal(IdempotencyVerdict.Mismatch, decision.Verdict);
        Assert.Null(decision.Response);
    }

    [Fact]
    public async Task Abandoning_frees_the_key_for_any_body()
    {
        await _key.BeginAsync("body-a");

        await _key.AbandonAsync();

        Assert.Equal(IdempotencyVerdict.Proceed, (await _key.BeginAsync("body-b")).Verdict);
    }

    [Fact]
    public async Task The_stored_response_survives_deactivation()
    {
        await _key.BeginAsync("body-a");
        await _key.CompleteAsync(Accepted);

        await fixture.Cluster.DeactivateAsync(_key);

        Assert.Equal(IdempotencyVerdict.Replay, (await _key.BeginAsync("body-a")).Verdict);
        Assert.Equal(IdempotencyVerdict.Mismatch, (await _key.BeginAsync("body-b")).Verdict);
    }

    [Fact]
    public async Task After_the_retention_the_key_is_fresh_again()
    {
        await _key.BeginAsync("body-a");
        await _key.CompleteAsync(Accepted);

        fixture.Time.Advance(TimeSpan.FromHours(25));

        Assert.Equal(IdempotencyVerdict.Proceed, (await _key.BeginAsync("body-b")).Verdict);
        Assert.Equal(IdempotencyVerdict.InProgress, (await _key.BeginAsync("body-b")).Verdict);
    }

    [Fact]
    public async Task Within_the_retention_the_response_is_still_replayed()
    {
        await _key.BeginAsync("body-a");
        await _key.CompleteAsync(Accepted);

        fixture.Time.Advance(TimeSpan.FromHours(23));

        Assert.Equal(IdempotencyVerdict.Replay, (await _key.BeginAsync("body-a")).Verdict);
    }
}
