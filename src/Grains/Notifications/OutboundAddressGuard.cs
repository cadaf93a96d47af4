using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Telemetry.Notifications;

/// <summary>
/// Keeps webhooks off the service's own network: refuses targets that resolve to loopback, private, link-local,
/// unspecified or cloud metadata addresses unless the host is in <see cref="OutboundOptions.AllowedHosts"/>.
/// Every resolved address is checked, and <see cref="ConnectAsync"/> connects to the very addresses it checked,
/// so a DNS answer that changes between check and connect (rebinding) cannot slip through.
/// </summary>
public sealed class OutboundAddressGuard(IOptions<OutboundOptions> options, IHostResolver resolver)
{
    private static readonly HashSet<string> MetadataHostNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "metadata", "metadata.google.internal", "metadata.goog", "metadata.azure.internal",
        "instance-data", "instance-data.ec2.internal",
    };

    private static readonly IPAddress[] MetadataAddresses =
    [
        IPAddress.Parse("169.254.169.254"), // AWS, Azure, GCP, OpenStack
        IPAddress.Parse("169.254.170.2"), // AWS ECS task metadata
        IPAddress.Parse("100.100.100.200"), // Alibaba Cloud
        IPAddress.Parse("fd00:ec2::254"), // AWS over IPv6
    ];

    private readonly HashSet<string> _allowed = new(
        options.Value.AllowedHosts.Select(Normalize).Where(host => host.Length > 0),
        StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Why <paramref name="address"/> may not be reached without an allow-list entry (<c>"loopback"</c>,
    /// <c>"private"</c>, ...), or null when it is a public address. IPv4 embedded in IPv6 (mapped, NAT64, 6to4) is
    /// judged as the IPv4 address.
    /// </summary>
    public static string? RefusalReason(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (MetadataAddresses.Contains(address))
        {
            return "cloud metadata address";
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 => "unspecified address",
                127 => "loopback address",
                10 => "private address",
                172 when b[1] is >= 16 and <= 31 => "private address",
                192 when b[1] == 168 => "private address",
                169 when b[1] == 254 => "link-local address",
                100 when b[1] is >= 64 and <= 127 => "shared (carrier-grade NAT) address",
                >= 224 => "multicast or reserved address",
                _ => null,
            };
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return "unsupported address family";
        }

        if (address.Equals(IPAddress.IPv6Any))
        {
            return "unspecified address";
        }

        if (IPAddress.IsLoopback(address))
        {
            return "loopback address";
        }

        var bytes = address.GetAddressBytes();
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal)
        {
            return "link-local address";
        }

        if ((bytes[0] & 0xFE) == 0xFC)
        {
            return "private (unique local) address";
        }

        if (address.IsIPv6Multicast)
        {
            return "multicast address";
        }

        // 64:ff9b::/96 (NAT64) and 2002::/16 (6to4) carry an IPv4 address that a gateway would reach.
        if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xFF && bytes[3] == 0x9B && bytes[4..12].All(x => x == 0))
        {
            return RefusalReason(new IPAddress(bytes[12..16]));
        }

        if (bytes[0] == 0x20 && bytes[1] == 0x02)
        {
            return RefusalReason(new IPAddress(bytes[2..6]));
        }

        return null;
    }

    /// <summary>
    /// Checks a configured target (for example when a channel is created): an http or https URL whose host resolves
    /// only to reachable addresses. Throws <see cref="OutboundAddressRefusedException"/> otherwise.
    /// </summary>
    public async Task CheckAsync(Uri target, CancellationToken cancellationToken)
    {
        CheckScheme(target);
        await ResolveCheckedAsync(target.IdnHost, cancellationToken);
    }

    /// <summary>Throws <see cref="OutboundAddressRefusedException"/> unless <paramref name="target"/> is an absolute http or https URL.</summary>
    public static void CheckScheme(Uri target)
    {
        if (!target.IsAbsoluteUri || (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps))
        {
            throw new OutboundAddressRefusedException(target.OriginalString, "only absolute http and https URLs are allowed");
        }
    }

    /// <summary>The addresses of <paramref name="host"/>, every one of them checked; throws when any is refused.</summary>
    public async Task<IPAddress[]> ResolveCheckedAsync(string host, CancellationToken cancellationToken)
    {
        var name = Normalize(host);
        var hostAllowed = _allowed.Contains(name);
        if (!hostAllowed && MetadataHostNames.Contains(name))
        {
            throw new OutboundAddressRefusedException(host, "cloud metadata host");
        }

        var addresses = IPAddress.TryParse(name, out var literal) ? [literal] : await resolver.ResolveAsync(name, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new OutboundAddressRefusedException(host, "the name resolved to no address");
        }

        if (!hostAllowed)
        {
            foreach (var address in addresses)
            {
                if (RefusalReason(address) is { } reason && !_allowed.Contains(Normalize(address.ToString())))
                {
                    throw new OutboundAddressRefusedException(host, $"{address} is a {reason}");
                }
            }
        }

        return addresses;
    }

    /// <summary>
    /// For <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves and checks the host, then connects to the
    /// checked addresses in order (never resolving again).
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = await ResolveCheckedAsync(endpoint.Host, cancellationToken);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new HttpRequestException($"Could not connect to {endpoint.Host}:{endpoint.Port}.", last);
    }

    /// <summary>Creates the handler every webhook request goes through: guarded connects, no proxy, no redirects.</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        ConnectCallback = ConnectAsync,
        // A proxy would make the guarded connect reach the proxy, not the target.
        UseProxy = false,
        // A redirect could point anywhere, including addresses the guard refuses; a 3xx is a failed delivery.
        AllowAutoRedirect = false,
        UseCookies = false,
        // Connections are re-established (and so re-checked) at least this often.
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
    };

    private static string Normalize(string host) => host.Trim().Trim('[', ']').TrimEnd('.').ToLowerInvariant();
}
