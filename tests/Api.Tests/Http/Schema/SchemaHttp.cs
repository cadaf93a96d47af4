using System.Net;
using System.Text.Json;
using Xunit;

namespace Telemetry.Api.Tests.Http.Schema;

/// <summary>Calls to the schema, settings, quotas, dimensions, diagnostics and audit endpoints.</summary>
public static class SchemaHttp
{
    /// <summary>A fresh tenant with a key holding every scope.</summary>
    public static Task<TenantKey> NewAdminTenantAsync(this TelemetryServer server) => server.NewTenantAsync("ingest", "query", "admin");

    public static Task<HttpResponseMessage> CallAsync(this TelemetryServer server, HttpMethod method, string path, TenantKey key, object? body = null) =>
        server.SendAsync(method, TelemetryServer.Base + path, key.Key, key.Tenant, body is null ? null : Api.Json(body));

    /// <summary>The same call with the platform (bootstrap) key for the key's tenant.</summary>
    public static Task<HttpResponseMessage> CallAsPlatformAsync(this TelemetryServer server, HttpMethod method, string path, TenantKey key, object? body = null) =>
        server.SendAsync(method, TelemetryServer.Base + path, TelemetryServer.BootstrapKey, key.Tenant, body is null ? null : Api.Json(body));

    public static async Task<JsonElement> OkAsync(this TelemetryServer server, HttpMethod method, string path, TenantKey key, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await server.CallAsync(method, path, key, body);
        return await Api.JsonAsync(response, expected);
    }

    public static async Task<JsonElement> ProblemAsync(this TelemetryServer server, HttpMethod method, string path, TenantKey key, object? body, HttpStatusCode status, string code)
    {
        using var response = await server.CallAsync(method, path, key, body);
        return await Api.ProblemAsync(response, status, code);
    }

    public static Task<JsonElement> RegisterAsync(this TelemetryServer server, TenantKey key, object schema) =>
        server.OkAsync(HttpMethod.Post, "/schema", key, schema, HttpStatusCode.Created);

    /// <summary>Ingests and returns the per-record error codes ("index:code").</summary>
    public static async Task<string[]> IngestCodesAsync(this TelemetryServer server, TenantKey key, params string[] records)
    {
        using var response = await server.IngestAsync(key, Api.Array(records));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.BadRequest, $"Ingest answered {(int)response.StatusCode}: {text}");
        return Api.ErrorCodes(JsonDocument.Parse(text).RootElement);
    }

    public static string[] Strings(this JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    /// <summary>One sum per group over a 10-minute bucket from <paramref name="start"/>, as "group → value".</summary>
    public static async Task<Dictionary<string, double>> SumsByAsync(this TelemetryServer server, TenantKey key, string metric, DateTimeOffset start, params string[] groupBy)
    {
        var result = await server.QueryOkAsync(key, new
        {
            metric,
            start = Api.Utc(start),
            end = Api.Utc(start.AddMinutes(10)),
            granularity = "10m",
            aggregation = "sum",
            group_by = groupBy,
        });
        return Api.Series(result).ToDictionary(Api.Group, s => Api.Values(s).Single() ?? double.NaN);
    }
}
