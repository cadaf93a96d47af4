using System.Net;
using Xunit;

namespace Telemetry.Api.Tests.Http.Hosting;

[Collection(ServerCollection.Name)]
public sealed class SwaggerTests(TelemetryServer server)
{
    [Theory]
    [InlineData("/v1/telemetry/ingest", "post", "Ingest metric samples: a JSON array, one JSON object, or NDJSON (gzip allowed); Idempotency-Key honoured")]
    [InlineData("/v1/telemetry/ingest/validate", "post", "Validate an ingest body and return the verdicts ingest would give, storing nothing")]
    [InlineData("/v1/telemetry/query", "post", "Run a range query: buckets of a granularity, an aggregation, group_by, filters, fill and time zone")]
    [InlineData("/v1/telemetry/query", "get", "Run a range query given as query-string parameters (filter=key:value, repeatable)")]
    [InlineData("/v1/telemetry/keys", "post", "Create an API key for the tenant; the plaintext key is returned once")]
    [InlineData("/v1/telemetry/health", "get", "Report the status of each component: API, cluster, storage, ingest, query")]
    public async Task Swagger_lists_the_route_with_its_summary(string path, string method, string summary)
    {
        using var response = await server.SendAsync(HttpMethod.Get, "/swagger/v1/swagger.json", apiKey: null);

        var document = await Api.JsonAsync(response, HttpStatusCode.OK);
        var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);
        Assert.Equal(summary, operation.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task Swagger_documents_the_ingest_body_as_json_and_ndjson_and_omits_the_tenant_path_duplicates()
    {
        using var response = await server.SendAsync(HttpMethod.Get, "/swagger/v1/swagger.json", apiKey: null);

        var document = await Api.JsonAsync(response, HttpStatusCode.OK);
        var content = document.GetProperty("paths").GetProperty("/v1/telemetry/ingest").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        Assert.Equal(["application/json", "application/x-ndjson"], content.EnumerateObject().Select(c => c.Name).Order().ToArray());
        Assert.DoesNotContain(document.GetProperty("paths").EnumerateObject(), p => p.Name.StartsWith("/v1/tenants/", StringComparison.Ordinal));
    }
}
