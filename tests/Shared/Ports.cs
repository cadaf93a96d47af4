using System.Net;
using System.Net.Sockets;

namespace Telemetry.Testing;

/// <summary>
/// Free loopback ports for servers that tests start. A port is handed out once per test process: the OS may
/// offer a port again as soon as its probe closes, and a silo killed and restarted on its own ports would
/// then collide with another process's new HTTP port.
/// </summary>
public static class Ports
{
    private static readonly HashSet<int> HandedOut = [];

    public static int Free()
    {
        while (true)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            lock (HandedOut)
            {
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
