namespace Telemetry.Api.Auth;

/// <summary>Bound from <c>Telemetry:Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Telemetry:Auth";

    /// <summary>
    /// The platform admin key from configuration: every scope, any tenant. Used to create the first
    /// tenant keys. Empty disables it.
    /// </summary>
    public string? BootstrapKey { get; set; }
}
