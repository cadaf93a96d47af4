using MailKit.Security;

namespace Telemetry.Notifications;

/// <summary>Bound from <c>Telemetry:Email</c>: the SMTP server alert emails are handed to.</summary>
public sealed class EmailOptions
{
    public const string Section = "Telemetry:Email";

    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 25;

    /// <summary><c>Auto</c> (TLS on 465, STARTTLS when offered), <c>StartTls</c>, <c>SslOnConnect</c> or <c>None</c>.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    /// <summary>Sign-in name; no authentication when empty.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "telemetry@localhost";

    /// <summary>How long connecting and sending may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
