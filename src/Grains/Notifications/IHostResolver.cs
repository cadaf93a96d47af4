using System.Net;

namespace Telemetry.Notifications;

/// <summary>Host name to addresses; DNS in production, a fixed table in tests.</summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}
