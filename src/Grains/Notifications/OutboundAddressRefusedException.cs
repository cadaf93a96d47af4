namespace Telemetry.Notifications;

/// <summary>A webhook target the <see cref="OutboundAddressGuard"/> will not connect to; retrying cannot help.</summary>
public sealed class OutboundAddressRefusedException(string host, string reason)
    : Exception($"Outbound target '{host}' refused: {reason}. Add it to Telemetry:Outbound:AllowedHosts if it is meant to be reachable.")
{
    public string Host { get; } = host;

    public string Reason { get; } = reason;
}
