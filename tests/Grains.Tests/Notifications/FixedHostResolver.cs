using System.Net;
using Telemetry.Notifications;

namespace Telemetry.Tests.Notifications;

/// <summary>Answers from a table, so guard tests need no network; an unknown name fails as DNS would.</summary>
internal sealed class FixedHostResolver(Dictionary<string, string[]> table) : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        table.TryGetValue(host, out var addresses)
            ? Task.FromResult(addresses.Select(IPAddress.Parse).ToArray())
            : throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound);
}
