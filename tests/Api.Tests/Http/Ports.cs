using System.Net;
using System.Net.Sockets;

namespace Telemetry.Api.Tests.Http;

/// <summary>Free loopback ports for silos started by tests.</summary>
public static class Ports
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
