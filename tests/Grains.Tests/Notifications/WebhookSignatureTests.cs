using System.Security.Cryptography;
using System.Text;
using Telemetry.Notifications;
using Xunit;

namespace Telemetry.Tests.Notifications;

public sealed class WebhookSignatureTests
{
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1_767_225_600);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"alert":"low-stock","value":3}""");

    [Fact]
    public void Header_is_t_and_lowercase_hex_hmac_of_timestamp_dot_body()
    {
        var header = WebhookSignature.Create("s3cret", SignedAt, Body);

        // Computed independently of WebhookSignature: HMAC-SHA256("1767225600." + body).
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes("s3cret"),
            Encoding.UTF8.GetBytes("1767225600." + Encoding.UTF8.GetString(Body))));
        Assert.Equal("t=1767225600,v1=" + expected, header);
    }

    [Fact]
    public void Verifies_with_the_secret_it_was_signed_with()
    {
        var header = WebhookSignature.Create("s3cret", SignedAt, Body);

        Assert.True(WebhookSignature.Verify(header, Body, "s3cret", SignedAt.AddSeconds(30), TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Fails_with_another_secret()
    {
        var header = WebhookSignature.Create("s3cret", SignedAt, Body);

        Assert.False(WebhookSignature.Verify(header, Body, "other", SignedAt, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Fails_when_the_body_was_changed()
    {
        var header = WebhookSignature.Create("s3cret", SignedAt, Body);

        var tampered = Encoding.UTF8.GetBytes("""{"alert":"low-stock","value":4}""");
        Assert.False(WebhookSignature.Verify(header, tampered, "s3cret", SignedAt, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Fails_outside_the_tolerance()
    {
        var header = WebhookSignature.Create("s3cret", SignedAt, Body);

        Assert.False(WebhookSignature.Verify(header, Body, "s3cret", SignedAt.AddMinutes(6), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(header, Body, "s3cret", SignedAt.AddMinutes(-6), TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1=00")]
    [InlineData("t=1767225600")]
    [InlineData("t=abc,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    public void Malformed_headers_do_not_verify(string? header)
    {
        Assert.False(WebhookSignature.Verify(header, Body, "s3cret", SignedAt, TimeSpan.FromMinutes(5)));
    }
}
