using Telemetry.Testing;
using Xunit;

namespace Telemetry.Api.Tests.Http.Alerts;

/// <summary>
/// A server whose alert notifications may reach 127.0.0.1 (webhook receivers of the tests) and whose email goes to a
/// real SMTP server on loopback; rules refresh and groups tick quickly so the tests wait less.
/// </summary>
public class AlertingTelemetryServer : TelemetryServer
{
    public const int MaxRules = 5;

    public SmtpReceiver Smtp { get; private set; } = null!;

    protected override IEnumerable<string> ExtraArgs =>
    [
        "--Telemetry:Outbound:AllowedHosts:0=127.0.0.1",
        "--Telemetry:Outbound:InitialBackoff=00:00:00.050",
        "--Telemetry:Outbound:MaxAttempts=2",
        "--Telemetry:Alerts:RuleRefreshInterval=00:00:00.100",
        "--Telemetry:Alerts:TickInterval=00:00:00.100",
        $"--Telemetry:Alerts:MaxRulesPerTenant={MaxRules}",
        "--Telemetry:Email:Host=127.0.0.1",
        $"--Telemetry:Email:Port={Smtp.Port}",
        "--Telemetry:Email:Security=None",
        "--Telemetry:Email:From=alerts@telemetry.test",
    ];

    public override async Task InitializeAsync()
    {
        Smtp = await SmtpReceiver.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

/// <summary>Tests sharing one <see cref="AlertingTelemetryServer"/>; each uses its own tenant and receivers.</summary>
[CollectionDefinition(Name)]
public sealed class AlertingServerCollection : ICollectionFixture<AlertingTelemetryServer>
{
    public const string Name = "alerting server";
}
