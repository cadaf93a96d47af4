using System.IO.Compression;
using System.Net;
using System.Text;
using Xunit;

namespace Telemetry.Api.Tests.Http.Ingest;

[Collection(ServerCollection.Name)]
public sealed class CompressionTests(TelemetryServer server)
{
    private readonly DateTimeOffset _t0 = Api.RecentBase();

    [Fact]
    public async Task A_gzip_body_is_ingested()
    {
        var key = await server.NewTenantAsync();
        var ndjson = Api.Record("dock.temp", 2, _t0) + "\n" + Api.Record("dock.temp", 3, _t0.AddMinutes(1)) + "\n";
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(ndjson));
        }

        using var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new("application/x-ndjson");
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await server.SendAsync(HttpMethod.Post, $"{TelemetryServer.Base}/ingest", key.Key, key.Tenant, content);

        Assert.Equal(2, (await Api.JsonAsync(response, HttpStatusCode.Accepted)).GetProperty("accepted").GetInt32());
        var result = await server.QueryOkAsync(key, new
        {
            metric = "dock.temp", start = Api.Utc(_t0), end = Api.Utc(_t0.AddMinutes(5)), granularity = "5m", aggregation = "sum",
        });
        Api.EqualValues([5], Api.Values(Api.OnlySeries(result)));
    }

    [Fact]
    public async Task A_body_that_is_not_gzip_although_it_says_so_is_400_invalid_encoding()
    {
        var key = await server.NewTenantAsync();
        using var content = new StringContent(Api.Array(Api.Record("dock.temp", 1, _t0)), Encoding.UTF8, "application/json");
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await server.SendAsync(HttpMethod.Post, $"{TelemetryServer.Base}/ingest", key.Key, key.Tenant, content);

        await Api.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_encoding");
    }
}
