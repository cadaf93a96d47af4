using Telemetry.Testing;
using Xunit;

namespace Telemetry.Api.Tests.Http.Alerts;

/// <summary>An open incident survives a restart of the service: it is neither lost nor fired again.</summary>
[Collection(OwnServerCollection.Name)]
public sealed class AlertRestartTests
{
    [Fact]
    public async Task A_firing_incident_stays_firing_across_a_restart_and_resolves_once()
    {
        var server = new AlertingTelemetryServer();
        await server.InitializeAsync();
        try
        {
            var alerts = new AlertClient(server, await server.NewTenantAsync("ingest", "query", "admin"));
            await using var receiver = WebhookReceiver.Answering(200);
            await alerts.CreateWebhookRuleAsync("inventory.available", receiver, "<", 10);
            var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
            var shelf = new { sku = "A-100", location_id = "berlin" };
            await alerts.IngestAsync(Api.Record("inventory.available", 3, t0, shelf));
            await AlertClient.WaitForRequestsAsync(receiver, 1);

            await server.StopAsync();
            await server.StartAsync();
            alerts = new AlertClient(server, alerts.Key);

            // Still breaching after the restart: no second firing. Then a recovery: one resolve.
            await alerts.IngestAsync(Api.Record("inventory.available", 2, t0.AddMinutes(1), shelf));
            await alerts.IngestAsync(Api.Record("inventory.available", 50, t0.AddMinutes(2), shelf));

            var requests = await AlertClient.WaitForRequestsAsync(receiver, 2);
            var kinds = requests.Select(r => AlertClient.VerifiedBody(r).GetProperty("kind").GetString()!).ToArray();
            Assert.Equal(["firing", "resolved"], kinds);
            var incident = Assert.Single(await alerts.WaitForIncidentsAsync("", i => i.Length == 1 && i[0].GetProperty("state").GetString() == "resolved"));
            Assert.Equal("resolved", incident.GetProperty("state").GetString());
            Assert.Equal(3, incident.GetProperty("triggering_value").GetDouble());
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
