using System.Net;
using System.Text;
using Xunit;

namespace Telemetry.Api.Tests.Http.Ingest;

/// <summary>Whole-request and per-record refusals of POST /ingest, and that a refused request stores nothing.</summary>
[Collection(ServerCollection.Name)]
public sealed class IngestErrorTests(TelemetryServer server)
{
    private readonly DateTimeOffset _t0 = Api.RecentBase();

    [Theory]
    [InlineData("[{\"metric\":\"m\",\"value\":1}", "invalid_json")]
    [InlineData("{not json}", "invalid_json")]
    [InlineData("", "empty_body")]
    [InlineData("  \n ", "empty_body")]
    public async Task A_malformed_body_is_400(string body, string code)
    {
        var key = await server.NewTenantAsync();

        using var response = await server.IngestAsync(key, body);

        await Api.ProblemAsync(response, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Nothing_valid_is_400_no_valid_records_with_every_error()
    {
        var key = await server.NewTenantAsync();
        var body = Api.Array(
            Api.Record("1starts.with.digit", 1, _t0),
            """{"metric":"ok.metric","value":"high"}""",
            Api.Record("ok.metric", 1, DateTimeOffset.UtcNow.AddHours(-7)),
            Api.Record("ok.metric", 1, DateTimeOffset.UtcNow.AddHours(1)),
            Api.Record("ok.metric", -1, _t0, type: "counter"),
            "42");

        using var response = await server.IngestAsync(key, body);

        var problem = await Api.ProblemAsync(response, HttpStatusCode.BadRequest, "no_valid_records");
        Assert.Equal(0, problem.GetProperty("accepted").GetInt32());
        Assert.Equal(6, problem.GetProperty("rejected").GetInt32());
        Assert.Equal(
            ["0:invalid_metric", "1:invalid_value", "2:too_old", "3:timestamp_in_future", "4:invalid_value", "5:invalid_record"],
            Api.ErrorCodes(problem));
        Assert.All(problem.GetProperty("errors").EnumerateArray(), e => Assert.False(string.IsNullOrEmpty(e.GetProperty("message").GetString())));
    }

    [Fact]
    public async Task Valid_records_are_accepted_beside_invalid_ones()
    {
        var key = await server.NewTenantAsync();
        var body = Api.Array(
            Api.Record("dock.temp", 1, _t0),
            Api.Record("dock.temp", 2, _t0.AddMinutes(1)),
            """{"metric":"dock.temp","value":3,"timestamp":"yesterday"}""");

        using var response = await server.IngestAsync(key, body);

        var result = await Api.JsonAsync(response, HttpStatusCode.Accepted);
        Assert.Equal(2, result.GetProperty("accepted").GetInt32());
        Assert.Equal(1, result.GetProperty("rejected").GetInt32());
        Assert.Equal(["2:invalid_timestamp"], Api.ErrorCodes(result));
        Assert.StartsWith("ing_", result.GetProperty("ingestion_id").GetString());
    }

    [Fact]
    public async Task Ndjson_with_a_bad_line_accepts_the_others()
    {
        var key = await server.NewTenantAsync();
        var body = Api.Record("dock.temp", 1, _t0) + "\n{broken\n" + Api.Record("dock.temp", 2, _t0.AddMinutes(1)) + "\n";
        using var content = new StringContent(body, Encoding.UTF8, "application/x-ndjson");

        using var response = await server.SendAsync(HttpMethod.Post, $"{TelemetryServer.Base}/ingest", key.Key, key.Tenant, content);

        var result = await Api.JsonAsync(response, HttpStatusCode.Accepted);
        Assert.Equal(2, result.GetProperty("accepted").GetInt32());
        Assert.Equal(["1:invalid_json"], Api.ErrorCodes(result));
        var series = Api.OnlySeries(await server.QueryOkAsync(key, new
        {
            metric = "dock.temp", start = Api.Utc(_t0), end = Api.Utc(_t0.AddMinutes(5)), granularity = "5m", aggregation = "sum",
        }));
        Api.EqualValues([3], Api.Values(series));
    }

    [Theory]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task An_unsupported_content_encoding_is_415(string encoding)
    {
        var key = await server.NewTenantAsync();
        using var content = new StringContent(Api.Array(Api.Record("dock.temp", 1, _t0)), Encoding.UTF8, "application/json");
        content.Headers.ContentEncoding.Add(encoding);

        using var response = await server.SendAsync(HttpMethod.Post, $"{TelemetryServer.Base}/ingest", key.Key, key.Tenant, content);

        await Api.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_encoding");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_the_default_10_MiB_is_413(bool withContentLength)
    {
        var key = await server.NewTenantAsync();
        // 11 MiB of one JSON array, with a Content-Length or chunked. Records of about 4 KiB (a long metadata
        // note) keep the count near 2,800, far below the 50,000-record limit, so the byte limit is what is crossed.
        const long length = 11L * 1024 * 1024;
        var record = Encoding.UTF8.GetBytes("{\"metric\":\"dock.temp\",\"value\":1,\"metadata\":{\"note\":\"" + new string('x', 4000) + "\"}},");

        var response = await RawHttp.PostAsync(
            server.Client.BaseAddress!,
            $"{TelemetryServer.Base}/ingest",
            [("Authorization", $"Bearer {key.Key}"), ("X-Tenant-ID", key.Tenant), ("Content-Type", "application/json")],
            new RepeatingStream("["u8.ToArray(), record, length),
            withContentLength ? length : null);

        Assert.True(response.Status == 413, response.Head + "\n\n" + response.Body);
        Assert.Contains("Content-Type: application/problem+json", response.Head, StringComparison.OrdinalIgnoreCase);
        var problem = System.Text.Json.JsonDocument.Parse(response.Body).RootElement;
        Assert.Equal("body_too_large", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_gauge_metric_refuses_a_counter_in_another_series()
    {
        var key = await server.NewTenantAsync();
        await server.IngestOkAsync(key, Api.Array(Api.Record("bins.used", 5, _t0, new { zone = "a" }, "gauge")));

        // Only record: 400 with the per-record code.
        using var only = await server.IngestAsync(key, Api.Array(Api.Record("bins.used", 6, _t0, new { zone = "b" }, "counter")));
        var problem = await Api.ProblemAsync(only, HttpStatusCode.BadRequest, "no_valid_records");
        Assert.Equal(["0:type_conflict"], Api.ErrorCodes(problem));

        // Beside a valid record: 202, the conflicting one rejected.
        using var mixed = await server.IngestAsync(key, Api.Array(
            Api.Record("bins.used", 7, _t0.AddMinutes(1), new { zone = "c" }, "gauge"),
            Api.Record("bins.used", 8, _t0.AddMinutes(1), new { zone = "d" }, "counter")));
        var result = await Api.JsonAsync(mixed, HttpStatusCode.Accepted);
        Assert.Equal(1, result.GetProperty("accepted").GetInt32());
        Assert.Equal(["1:type_conflict"], Api.ErrorCodes(result));

        // Only the gauges were stored: zones a and c.
        var query = await server.QueryOkAsync(key, new
        {
            metric = "bins.used", start = Api.Utc(_t0), end = Api.Utc(_t0.AddMinutes(5)), granularity = "5m", aggregation = "sum", group_by = "zone",
        });
        Assert.Equal(["zone=a", "zone=c"], Api.Series(query).Select(Api.Group).ToArray());
        Assert.Equal([5.0, 7.0], Api.Series(query).Select(s => Api.Values(s).Single()!.Value).ToArray());
    }

    [Fact]
    public async Task Two_types_for_one_new_series_in_one_request_keep_the_first()
    {
        var key = await server.NewTenantAsync();

        using var response = await server.IngestAsync(key, Api.Array(
            Api.Record("bins.used", 1, _t0, type: "counter"),
            Api.Record("bins.used", 2, _t0.AddMinutes(1), type: "gauge")));

        var result = await Api.JsonAsync(response, HttpStatusCode.Accepted);
        Assert.Equal(["1:type_conflict"], Api.ErrorCodes(result));
        var series = Api.OnlySeries(await server.QueryOkAsync(key, new
        {
            metric = "bins.used", start = Api.Utc(_t0), end = Api.Utc(_t0.AddMinutes(5)), granularity = "5m", aggregation = "count",
        }));
        Api.EqualValues([1], Api.Values(series));
    }

    /// <summary>A prefix followed by one chunk repeated until the length is reached; never holds the whole body.</summary>
    private sealed class RepeatingStream(byte[] prefix, byte[] chunk, long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var written = 0;
            while (written < count && _position < length)
            {
                var source = _position < prefix.Length ? prefix : chunk;
                var at = _position < prefix.Length ? _position : (_position - prefix.Length) % chunk.Length;
                buffer[offset + written++] = source[at];
                _position++;
            }

            return written;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
