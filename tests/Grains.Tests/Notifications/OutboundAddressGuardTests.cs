using System.Net;
using Microsoft.Extensions.Options;
using Telemetry.Notifications;
using Xunit;

namespace Telemetry.Tests.Notifications;

public sealed class OutboundAddressGuardTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.0.9", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.10", "private")]
    [InlineData("fc00::1", "private")]
    [InlineData("fd12:3456::1", "private")]
    [InlineData("169.254.1.1", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("169.254.169.254", "metadata")]
    [InlineData("fd00:ec2::254", "metadata")]
    [InlineData("100.100.100.200", "metadata")]
    [InlineData("64:ff9b::a00:1", "private")]
    [InlineData("2002:c0a8:0101::1", "private")]
    public void Internal_addresses_are_refused(string literal, string kind)
    {
        Assert.Contains(kind, OutboundAddressGuard.RefusalReason(IPAddress.Parse(literal)));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("2606:4700:4700::1111")]
    public void Public_addresses_pass(string literal)
    {
        Assert.Null(OutboundAddressGuard.RefusalReason(IPAddress.Parse(literal)));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("https://10.0.0.7/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[fe80::1]/hook")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/")]
    [InlineData("http://Metadata.Google.Internal./computeMetadata/v1/")]
    public async Task Literal_and_metadata_targets_are_refused_without_an_allow_list_entry(string url)
    {
        var guard = Guard([]);

        await Assert.ThrowsAsync<OutboundAddressRefusedException>(() => guard.CheckAsync(new Uri(url), default));
    }

    [Theory]
    [InlineData("ftp://hooks.example.com/x")]
    [InlineData("file:///etc/passwd")]
    public async Task Only_http_and_https_are_allowed(string url)
    {
        var guard = Guard(["hooks.example.com"]);

        var refused = await Assert.ThrowsAsync<OutboundAddressRefusedException>(() => guard.CheckAsync(new Uri(url), default));
        Assert.Contains("http", refused.Reason);
    }

    [Fact]
    public async Task A_name_is_refused_when_any_of_its_addresses_is_internal()
    {
        var guard = Guard([]);

        var refused = await Assert.ThrowsAsync<OutboundAddressRefusedException>(
            () => guard.CheckAsync(new Uri("https://mixed.example.com/hook"), default));
        Assert.Contains("10.0.0.1", refused.Reason);
    }

    [Fact]
    public async Task A_name_with_only_public_addresses_passes()
    {
        var addresses = await Guard([]).ResolveCheckedAsync("public.example.com", default);

        Assert.Equal([IPAddress.Parse("93.184.216.34"), IPAddress.Parse("2606:2800:220:1::1")], addresses);
    }

    [Fact]
    public async Task A_name_resolving_to_loopback_is_refused()
    {
        await Assert.ThrowsAsync<OutboundAddressRefusedException>(
            () => Guard([]).CheckAsync(new Uri("http://rebound.example.com/hook"), default));
    }

    [Theory]
    [InlineData("127.0.0.1", "http://127.0.0.1:9000/hook")]
    [InlineData("[::1]", "http://[::1]:9000/hook")]
    [InlineData("rebound.example.com", "http://rebound.example.com/hook")]
    [InlineData("Hooks.Internal.", "http://hooks.internal/hook")]
    [InlineData("metadata.google.internal", "http://metadata.google.internal/x")]
    public async Task An_allowed_host_passes(string allowed, string url)
    {
        await Guard([allowed]).CheckAsync(new Uri(url), default);
    }

    [Fact]
    public async Task An_allowed_address_lets_a_name_resolving_to_it_pass()
    {
        await Guard(["127.0.0.1"]).CheckAsync(new Uri("http://rebound.example.com/hook"), default);
    }

    [Fact]
    public async Task Allowing_one_host_does_not_allow_another_on_the_same_network()
    {
        await Assert.ThrowsAsync<OutboundAddressRefusedException>(
            () => Guard(["hooks.internal"]).CheckAsync(new Uri("http://10.0.0.9/hook"), default));
    }

    private static OutboundAddressGuard Guard(string[] allowedHosts) => new(
        Options.Create(new OutboundOptions { AllowedHosts = [.. allowedHosts] }),
        new FixedHostResolver(new()
        {
            ["mixed.example.com"] = ["93.184.216.34", "10.0.0.1"],
            ["public.example.com"] = ["93.184.216.34", "2606:2800:220:1::1"],
            ["rebound.example.com"] = ["127.0.0.1"],
            ["hooks.internal"] = ["10.0.0.8"],
            ["metadata.google.internal"] = ["169.254.169.254"],
        }));
}
