using Microsoft.Extensions.Options;
using Telemetry.Api.Auth;
using Telemetry.Api.Streaming;
using Telemetry.Streams;
using Xunit;

namespace Telemetry.Api.Tests.Http.Streams;

public sealed class ConnectTokensTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_token_names_its_tenant_and_stream_until_it_expires()
    {
        var time = new SettableTimeProvider(Start);
        var tokens = Tokens("bootstrap-a", time);
        var (token, expiresAt) = tokens.Issue("acme", "str_1");

        Assert.Equal(Start + TimeSpan.FromMinutes(5), expiresAt);
        Assert.Equal(new ConnectGrant("acme", "str_1", expiresAt), tokens.Verify(token));

        time.Now = expiresAt - TimeSpan.FromSeconds(1);
        Assert.NotNull(tokens.Verify(token));
        time.Now = expiresAt;
        Assert.Null(tokens.Verify(token));
    }

    [Fact]
    public void A_tampered_token_or_one_from_another_deployment_is_refused()
    {
        var time = new SettableTimeProvider(Start);
        var (token, _) = Tokens("bootstrap-a", time).Issue("acme", "str_1");
        var tokens = Tokens("bootstrap-a", time);

        // Another tenant or stream in the payload breaks the signature.
        var parts = token.Split('.');
        var forged = $"{parts[0]}.{System.Buffers.Text.Base64Url.EncodeToString("other\nstr_1\n9999999999"u8)}.{parts[2]}";
        Assert.Null(tokens.Verify(forged));
        Assert.Null(tokens.Verify(token[..^1] + (token[^1] == 'A' ? 'B' : 'A')));
        Assert.Null(tokens.Verify("ct1.garbage"));
        Assert.Null(tokens.Verify("tk_abc_def"));
        Assert.Null(Tokens("bootstrap-b", time).Verify(token));
    }

    private static ConnectTokens Tokens(string bootstrapKey, TimeProvider time) =>
        new(Options.Create(new AuthOptions { BootstrapKey = bootstrapKey }), Options.Create(new StreamsOptions()), time);
}
