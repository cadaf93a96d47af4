using System.Net;

namespace Telemetry.Notifications;

/// <summary>Resolves with the system resolver (<see cref="Dns"/>).</summary>
public sealed class DnsHostResolver : IHostResolver
{
    public static readonly DnsHostResolver Instance = new();

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);
}
