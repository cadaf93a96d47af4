using System.Text.RegularExpressions;
using Telemetry.Tenancy;
using Xunit;

namespace Telemetry.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class TenantGrainTests(ClusterFixture fixture)
{
    private readonly string _tenantId = "tenant-" + Guid.NewGuid().ToString("N");

    private ITenantGrain Tenant => fixture.Client.GetGrain<ITenantGrain>(_tenantId);

    [Fact]
    public async Task A_new_key_is_handed_out_once_as_tk_id_secret()
    {
        var created = await Tenant.CreateKeyAsync("ingest-bot", ApiKeyScope.Ingest | ApiKeyScope.Query, expiresAt: null);

        Assert.Matches(new Regex("^tk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$"), created.Plaintext);
        Assert.True(ApiKeySecret.TryParse(created.Plaintext, out var id, out _));
        Assert.Equal(id, created.Info.Id);
        Assert.Equal(_tenantId, created.Info.TenantId);
        Assert.Equal("ingest-bot", created.Info.Name);
        Assert.Equal(ApiKeyScope.Ingest | ApiKeyScope.Query, created.Info.Scopes);
        Assert.Equal(fixture.Time.GetUtcNow(), created.Info.CreatedAt);
        Assert.Null(created.Info.ExpiresAt);
    }

    [Fact]
    public async Task The_secret_verifies_to_the_keys_info()
    {
        var created = await Tenant.CreateKeyAsync("reader", ApiKeyScope.Query, expiresAt: null);
        var (key, secret) = Parse(created);

        Assert.Equal(created.Info, await key.VerifyAsync(secret));
    }

    [Fact]
    public async Task A_wrong_secret_does_not_verify()
    {
        var created = await Tenant.CreateKeyAsync("reader", ApiKeyScope.Query, expiresAt: null);
        var (key, secret) = Parse(created);

        Assert.Null(await key.VerifyAsync(secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A')));
        Assert.Null(await key.VerifyAsync(""));
        Assert.Null(await fixture.Client.GetGrain<IApiKeyGrain>("0123456789abcdef").VerifyAsync(secret));
    }

    [Fact]
    public async Task A_deleted_key_no_longer_verifies_or_lists()
    {
        var kept = await Tenant.CreateKeyAsync("kept", ApiKeyScope.Query, expiresAt: null);
        var deleted = await Tenant.CreateKeyAsync("deleted", ApiKeyScope.Query, expiresAt: null);
        var (key, secret) = Parse(deleted);

        Assert.True(await Tenant.DeleteKeyAsync(deleted.Info.Id));

        Assert.Null(await key.VerifyAsync(secret));
        Assert.Equal<ApiKeyInfo>([kept.Info], await Tenant.ListKeysAsync());
        Assert.False(await Tenant.DeleteKeyAsync(deleted.Info.Id));
    }

    [Fact]
    public async Task A_tenant_cannot_delete_another_tenants_key()
    {
        var created = await Tenant.CreateKeyAsync("mine", ApiKeyScope.Admin, expiresAt: null);
        var (key, secret) = Parse(created);
        var other = fixture.Client.GetGrain<ITenantGrain>("tenant-" + Guid.NewGuid().ToString("N"));

        Assert.False(await other.DeleteKeyAsync(created.Info.Id));

        Assert.Equal(created.Info, await key.VerifyAsync(secret));
    }

    [Fact]
    public async Task An_expired_key_does_not_verify()
    {
        var expiresAt = fixture.Time.GetUtcNow().AddHours(1);
        var created = await Tenant.CreateKeyAsync("temporary", ApiKeyScope.Ingest, expiresAt);
        var (key, secret) = Parse(created);
        Assert.NotNull(await key.VerifyAsync(secret));

        fixture.Time.Advance(TimeSpan.FromHours(1));

        Assert.Null(await key.VerifyAsync(secret));
        Assert.Equal(expiresAt, Assert.Single(await Tenant.ListKeysAsync()).ExpiresAt);
    }

    [Fact]
    public async Task Listed_keys_are_in_creation_order_and_never_carry_secrets()
    {
        var first = await Tenant.CreateKeyAsync("first", ApiKeyScope.Ingest, expiresAt: null);
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        var second = await Tenant.CreateKeyAsync("second", ApiKeyScope.Query, expiresAt: null);

        var listed = await Tenant.ListKeysAsync();

        Assert.Equal<ApiKeyInfo>([first.Info, second.Info], listed);
        foreach (var created in new[] { first, second })
        {
            var (_, secret) = Parse(created);
            Assert.All(listed, info => Assert.DoesNotContain(secret, info.ToString()));
        }
    }

    [Fact]
    public async Task Keys_survive_deactivation_of_the_tenant_and_the_key()
    {
        var created = await Tenant.CreateKeyAsync("durable", ApiKeyScope.Ingest, expiresAt: null);
        var (key, secret) = Parse(created);

        await fixture.Cluster.DeactivateAsync(Tenant);
        await fixture.Cluster.DeactivateAsync(key);

        Assert.Equal<ApiKeyInfo>([created.Info], await Tenant.ListKeysAsync());
        Assert.Equal(created.Info, await key.VerifyAsync(secret));
    }

    private (IApiKeyGrain Key, string Secret) Parse(CreatedApiKey created)
    {
        Assert.True(ApiKeySecret.TryParse(created.Plaintext, out var id, out var secret));
        return (fixture.Client.GetGrain<IApiKeyGrain>(id), secret);
    }
}
