using System.Net;
using System.Text.Json;
using Telemetry.Api.Tests.Http;
using Xunit;

namespace Telemetry.Api.Tests.Http.Streams;

/// <summary>
/// A server with small stream limits, so tests cross them cheaply: a 20-event connection buffer, 50-event replay
/// buffer, 4 connections per tenant, 1 s heartbeats, and webhooks allowed to reach 127.0.0.1.
/// </summary>
public sealed class StreamsServer : TelemetryServer
{
    public const int ConnectionBufferSize = 20;
    public const int ReplayBufferSize = 50;
    public const int MaxConnectionsPerTenant = 4;

    protected override IEnumerable<string> ExtraArgs =>
    [
        $"--Telemetry:Streams:ConnectionBufferSize={ConnectionBufferSize}",
        $"--Telemetry:Streams:ReplayBufferSize={ReplayBufferSize}",
        $"--Telemetry:Streams:MaxConnectionsPerTenant={MaxConnectionsPerTenant}",
        "--Telemetry:Streams:HeartbeatInterval=00:00:01",
        "--Telemetry:Outbound:AllowedHosts:0=127.0.0.1",
        "--Telemetry:Outbound:InitialBackoff=00:00:00.050",
    ];

    /// <summary>POST /streams with the tenant's key; asserts 201 and returns the body.</summary>
    public async Task<JsonElement> CreateStreamAsync(TenantKey key, object body)
    {
        using var response = await SendAsync(HttpMethod.Post, $"{Base}/streams", key.Key, key.Tenant, Api.Json(body));
        return await Api.JsonAsync(response, HttpStatusCode.Created);
    }

    /// <summary>A low-stock stream: inventory.on_hand below 10 at the given locations.</summary>
    public Task<JsonElement> CreateLowStockStreamAsync(TenantKey key, string transport = "sse", string emit = "every", object? delivery = null, params string[] locations) =>
        CreateStreamAsync(key, new
        {
            name = "low stock",
            filter = new
            {
                metric = "inventory.on_hand",
                condition = "<",
                threshold = 10,
                dimensions = new Dictionary<string, object> { ["location_id"] = locations.Length == 0 ? ["loc_1", "loc_2"] : locations },
            },
            transport,
            emit,
            delivery,
        });

    /// <summary>Ingests on-hand samples (value per SKU at a location) and asserts all were accepted.</summary>
    public Task IngestOnHandAsync(TenantKey key, string location, params (string Sku, double Value)[] samples) =>
        IngestOkAsync(key, Api.Array([.. samples.Select(s => Api.Record("inventory.on_hand", s.Value, null, new { sku = s.Sku, location_id = location }))]));
}

/// <summary>Stream tests share one <see cref="StreamsServer"/>; each test uses its own tenant.</summary>
[CollectionDefinition(Name)]
public sealed class StreamsServerCollection : ICollectionFixture<StreamsServer>
{
    public const string Name = "streams server";
}
