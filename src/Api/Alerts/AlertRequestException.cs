namespace Telemetry.Api.Alerts;

/// <summary>A rule body that cannot be stored: 400 <c>invalid_alert</c>, 422 <c>alert_limit</c> past a limit, 422 <c>unsupported_channel</c>.</summary>
public sealed class AlertRequestException(string message, bool limit = false, bool unsupported = false) : Exception(message)
{
    public bool IsLimit { get; } = limit;

    public bool IsUnsupported { get; } = unsupported;
}
