using System.Net;
using Telemetry.Api.Tests.Http;
using Telemetry.Testing;
using Xunit;

namespace Telemetry.Api.Tests.Durability;

/// <summary>
/// Storage goes away mid-ingest (its own Azurite is stopped, then started again on the same ports and data): while
/// it is down ingest answers 503 <c>storage_unavailable</c> and acknowledges nothing; when it is back ingest
/// resumes, and every sample acknowledged before, during or after is there while nothing refused is.
/// </summary>
[Collection(OwnServerCollection.Name)]
public sealed class StorageOutageTests : IAsyncLifetime
{
    private AzuriteInstance _azurite = null!;
    private AzureTelemetryServer _server = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteInstance.StartNewAsync();
        _server = new AzureTelemetryServer(_azurite.ConnectionString);
        await _server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task While_storage_is_down_ingest_answers_503_and_acknowledges_nothing_and_afterwards_nothing_acknowledged_is_missing()
    {
        var key = new TenantKey("bootstrap", TelemetryServer.BootstrapKey, TelemetryServer.NewTenant());
        var t0 = Http.Api.RecentBase();
        var acknowledged = new List<int>();
        var refused = new List<int>();
        var second = 0;

        async Task<HttpStatusCode> IngestOneAsync()
        {
            var at = second++;
            using var response = await _server.IngestAsync(key, Http.Api.Array(Http.Api.Record("dock.temperature", at, t0.AddSeconds(at), new { dock = "d1" })));
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                acknowledged.Add(at);
            }
            else
            {
                await Http.Api.ProblemAsync(response, HttpStatusCode.ServiceUnavailable, "storage_unavailable");
                Assert.Equal("1", response.Headers.RetryAfter?.ToString());
                refused.Add(at);
            }

            return response.StatusCode;
        }

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, await IngestOneAsync());
        }

        await _azurite.StopAsync();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await IngestOneAsync());
        }

        await _azurite.StartAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await IngestOneAsync() != HttpStatusCode.Accepted)
        {
            Assert.True(DateTime.UtcNow < deadline, "Ingest did not resume after storage came back.");
            await Task.Delay(200);
        }

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, await IngestOneAsync());
        }

        var query = await _server.QueryOkAsync(key, new
        {
            metric = "dock.temperature",
            start = Http.Api.Utc(t0),
            end = Http.Api.Utc(t0.AddSeconds(second + 1)),
            granularity = "1s",
            aggregation = "last",
            fill = "none",
        });
        var stored = Http.Api.Series(query).SelectMany(s => s.GetProperty("points").EnumerateArray()).Select(p => (int)p.GetProperty("v").GetDouble()).Order().ToList();
        Assert.Equal(acknowledged, stored);
        Assert.True(refused.Count >= 5);
        Assert.Empty(refused.Intersect(stored));
    }
}
