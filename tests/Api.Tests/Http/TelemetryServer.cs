using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Telemetry.Silo;
using Xunit;

namespace Telemetry.Api.Tests.Http;

/// <summary>
/// The real application (Orleans silo + HTTP API, as <see cref="TelemetryHost"/> builds it) on a random
/// loopback port, with a fresh data directory, a known bootstrap key and free silo/gateway ports.
/// <see cref="StopAsync"/> and <see cref="StartAsync"/> restart it on the same data directory.
/// </summary>
public class TelemetryServer : IAsyncLifetime
{
    public const string BootstrapKey = "bk_api_tests_bootstrap_key_0123456789";
    public const string Base = "/v1/telemetry";

    private WebApplication? _app;

    public TelemetryServer()
    {
        DataPath = Path.Combine(Path.GetTempPath(), "telemetry-api-tests", Guid.NewGuid().ToString("N"));
    }

    public string DataPath { get; }

    public HttpClient Client { get; private set; } = null!;

    public WebApplication App => _app ?? throw new InvalidOperationException("The server is not running.");

    /// <summary>Extra <c>--Key=value</c> arguments, for servers with other limits.</summary>
    protected virtual IEnumerable<string> ExtraArgs => [];

    public virtual Task InitializeAsync() => StartAsync();

    public virtual async Task DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the temp directory is cleaned up by the OS eventually.
        }
    }

    /// <summary>Builds and starts the app on the data directory with new free silo and gateway ports.</summary>
    public async Task StartAsync()
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("The server is already running.");
        }

        var (siloPort, gatewayPort) = FreePorts();
        string[] args =
        [
            "--Urls=http://127.0.0.1:0",
            $"--Telemetry:Auth:BootstrapKey={BootstrapKey}",
            $"--Telemetry:Storage:DataPath={DataPath}",
            $"--Telemetry:Cluster:SiloPort={siloPort}",
            $"--Telemetry:Cluster:GatewayPort={gatewayPort}",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Orleans=Error",
            .. ExtraArgs,
        ];

        var app = TelemetryHost.Build(args);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Stops and disposes the app, keeping the data directory.</summary>
    public async Task StopAsync()
    {
        Client?.Dispose();
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>A tenant id no other test uses.</summary>
    public static string NewTenant() => "t-" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>Creates a key for <paramref name="tenant"/> with the bootstrap key; scopes default to ingest and query.</summary>
    public async Task<TenantKey> CreateTenantKeyAsync(string tenant, params string[] scopes)
    {
        using var response = await CreateKeyAsync(tenant, scopes.Length == 0 ? ["ingest", "query"] : scopes);
        var body = await Api.JsonAsync(response, HttpStatusCode.Created);
        return new TenantKey(body.GetProperty("id").GetString()!, body.GetProperty("key").GetString()!, tenant);
    }

    /// <summary>POST /keys for <paramref name="tenant"/> with the bootstrap key; the raw response.</summary>
    public Task<HttpResponseMessage> CreateKeyAsync(string tenant, string[] scopes, string? expiresIn = null, string name = "api-tests") =>
        SendAsync(HttpMethod.Post, $"{Base}/keys", BootstrapKey, tenant, Api.Json(new { name, scopes, expires_in = expiresIn }));

    /// <summary>A tenant with a fresh key (ingest + query unless other scopes are given).</summary>
    public async Task<TenantKey> NewTenantAsync(params string[] scopes) => await CreateTenantKeyAsync(NewTenant(), scopes);

    /// <summary>POST /ingest with the key's own tenant in X-Tenant-ID.</summary>
    public Task<HttpResponseMessage> IngestAsync(TenantKey key, string body, string? idempotencyKey = null)
    {
        var content = new StringContent(body, Encoding.UTF8, "application/json");
        var headers = idempotencyKey is null ? null : new Dictionary<string, string> { ["Idempotency-Key"] = idempotencyKey };
        return SendAsync(HttpMethod.Post, $"{Base}/ingest", key.Key, key.Tenant, content, headers);
    }

    /// <summary>Ingests and asserts that every record was accepted.</summary>
    public async Task<JsonElement> IngestOkAsync(TenantKey key, string body)
    {
        using var response = await IngestAsync(key, body);
        var json = await Api.JsonAsync(response, HttpStatusCode.Accepted);
        Assert.Equal(0, json.GetProperty("rejected").GetInt32());
        return json;
    }

    /// <summary>POST /query with a JSON body (an anonymous object with the wire names).</summary>
    public Task<HttpResponseMessage> QueryAsync(TenantKey key, object query) =>
        SendAsync(HttpMethod.Post, $"{Base}/query", key.Key, key.Tenant, Api.Json(query));

    /// <summary>POST /query and assert 200; the response body.</summary>
    public async Task<JsonElement> QueryOkAsync(TenantKey key, object query)
    {
        using var response = await QueryAsync(key, query);
        return await Api.JsonAsync(response, HttpStatusCode.OK);
    }

    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, string? apiKey, string? tenant = null, HttpContent? content = null, IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        if (tenant is not null)
        {
            request.Headers.Add("X-Tenant-ID", tenant);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                content!.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return await Client.SendAsync(request);
    }

    private static (int Silo, int Gateway) FreePorts() => (Telemetry.Testing.Ports.Free(), Telemetry.Testing.Ports.Free());
}

/// <summary>A tenant key: its id, plaintext and tenant.</summary>
public sealed record TenantKey(string Id, string Key, string Tenant);
