using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Telemetry.Api.Ingest;
using Xunit;

namespace Telemetry.Api.Tests.Ingest;

public sealed class IngestBodyReaderTests
{
    private const string Json = "application/json";
    private const string Ndjson = "application/x-ndjson";

    [Fact]
    public async Task Json_array_yields_each_element_with_its_index()
    {
        var batch = await ReadAsync("""[{"metric":"a","value":1},{"metric":"b","value":2},{"metric":"c","value":3}]""");

        Assert.True(batch.Succeeded);
        Assert.Equal(IngestBodyFormat.JsonArray, batch.Format);
        Assert.Equal([0, 1, 2], batch.Records.Select(r => r.Index));
        Assert.Equal(["a", "b", "c"], batch.Records.Select(r => r.Value.GetProperty("metric").GetString()));
        Assert.Empty(batch.Errors);
    }

    [Fact]
    public async Task Array_elements_that_are_not_objects_are_still_records_for_the_validator()
    {
        var batch = await ReadAsync("""[{"metric":"a","value":1}, null, 5]""");

        Assert.Equal(3, batch.Records.Count);
        Assert.Equal(JsonValueKind.Null, batch.Records[1].Value.ValueKind);
        Assert.Equal(JsonValueKind.Number, batch.Records[2].Value.ValueKind);
    }

    [Fact]
    public async Task Empty_array_succeeds_with_no_records()
    {
        var batch = await ReadAsync("[]");

        Assert.True(batch.Succeeded);
        Assert.Equal(0, batch.RecordCount);
    }

    [Theory]
    [InlineData(Json)]
    [InlineData(null)]
    [InlineData("text/plain")]
    public async Task Single_object_is_one_record(string? contentType)
    {
        var batch = await ReadAsync("""{"metric":"a","value":1}""", contentType);

        Assert.True(batch.Succeeded);
        Assert.Equal(IngestBodyFormat.JsonObject, batch.Format);
        var record = Assert.Single(batch.Records);
        Assert.Equal(0, record.Index);
        Assert.Equal("a", record.Value.GetProperty("metric").GetString());
    }

    [Fact]
    public async Task Pretty_printed_object_is_one_record()
    {
        var body = """
            {
              "metric": "inventory.on_hand",
              "value": 125,
              "dimensions": { "sku": "SKU-1" }
            }

            """;

        var batch = await ReadAsync(body);

        Assert.True(batch.Succeeded);
        Assert.Equal(IngestBodyFormat.JsonObject, batch.Format);
        var record = Assert.Single(batch.Records);
        Assert.Equal("SKU-1", record.Value.GetProperty("dimensions").GetProperty("sku").GetString());
    }

    [Fact]
    public async Task Ndjson_with_one_bad_line_rejects_only_that_line()
    {
        var body = "{\"metric\":\"a\",\"value\":1}\n{\"metric\":\"b\",\"value\":\n{\"metric\":\"c\",\"value\":3}\n";

        var batch = await ReadAsync(body, Ndjson);

        Assert.True(batch.Succeeded);
        Assert.Equal(IngestBodyFormat.Ndjson, batch.Format);
        Assert.Equal([0, 2], batch.Records.Select(r => r.Index));
        var error = Assert.Single(batch.Errors);
        Assert.Equal(1, error.Index);
        Assert.Equal(IngestErrorCode.InvalidJson, error.Code);
        Assert.Contains("Line 2", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, batch.RecordCount);
    }

    [Fact]
    public async Task Ndjson_skips_blank_lines_accepts_crlf_and_a_last_line_without_newline()
    {
        var body = "\r\n{\"metric\":\"a\",\"value\":1}\r\n\r\n   \n{\"metric\":\"b\",\"value\":2}";

        var batch = await ReadAsync(body, "application/x-ndjson; charset=utf-8");

        Assert.Equal([0, 1], batch.Records.Select(r => r.Index));
        Assert.Equal("b", batch.Records[1].Value.GetProperty("metric").GetString());
        Assert.Empty(batch.Errors);
    }

    [Fact]
    public async Task Two_values_on_one_ndjson_line_are_a_bad_line()
    {
        var batch = await ReadAsync("{\"metric\":\"a\",\"value\":1} {\"metric\":\"b\",\"value\":2}\n{\"metric\":\"c\",\"value\":3}", Ndjson);

        Assert.Equal(IngestErrorCode.InvalidJson, Assert.Single(batch.Errors).Code);
        Assert.Equal(1, Assert.Single(batch.Records).Index);
    }

    [Fact]
    public async Task Ndjson_sent_as_json_is_detected_and_read_line_by_line()
    {
        var body = "{\"metric\":\"a\",\"value\":1}\n{\"metric\":\"b\",\"value\":2\n{\"metric\":\"c\",\"value\":3}\n";

        var batch = await ReadAsync(body, Json);

        Assert.True(batch.Succeeded);
        Assert.Equal(IngestBodyFormat.Ndjson, batch.Format);
        Assert.Equal([0, 2], batch.Records.Select(r => r.Index));
        Assert.Equal(1, Assert.Single(batch.Errors).Index);
    }

    [Fact]
    public async Task Large_ndjson_spanning_many_buffers_keeps_every_record_in_order()
    {
        var lines = Enumerable.Range(0, 5000).Select(i => $"{{\"metric\":\"m\",\"value\":{i},\"dimensions\":{{\"sku\":\"SKU-{i}\"}}}}");
        var batch = await ReadAsync(string.Join('\n', lines), Ndjson);

        Assert.Equal(5000, batch.Records.Count);
        Assert.All(batch.Records, r => Assert.Equal(r.Index, r.Value.GetProperty("value").GetInt32()));
    }

    [Theory]
    [InlineData("[{\"metric\":\"a\",\"value\":1},{\"metric\":\"b\",\"value\":2}]", Json)]
    [InlineData("{\"metric\":\"a\",\"value\":1}\n{\"metric\":\"b\",\"value\":2}\n", Ndjson)]
    [InlineData("{\n \"metric\":\"a\",\n \"value\":1\n}\n{\n \"metric\":\"b\",\n \"value\":2\n}", Json)]
    public async Task Reads_the_same_records_when_the_body_arrives_one_byte_at_a_time(string body, string contentType)
    {
        var batch = await IngestBodyReader.ReadAsync(new TricklingStream(Encoding.UTF8.GetBytes(body)), contentType, null, new IngestOptions());

        Assert.True(batch.Succeeded);
        Assert.Equal(["a", "b"], batch.Records.Select(r => r.Value.GetProperty("metric").GetString()));
        Assert.Equal(Sha256Hex(Encoding.UTF8.GetBytes(body)), batch.BodyFingerprint);
    }

    [Theory]
    [InlineData(Ndjson)]
    [InlineData(Json)]
    public async Task Lines_longer_than_one_read_are_reassembled(string contentType)
    {
        var longValue = new string('x', 300_000);
        var body = $"{{\"metric\":\"a\",\"value\":1,\"metadata\":{{\"note\":\"{longValue}\"}}}}\n{{\"metric\":\"b\",\"value\":2}}";

        var batch = await IngestBodyReader.ReadAsync(new TricklingStream(Encoding.UTF8.GetBytes(body), 997), contentType, null, new IngestOptions());

        Assert.Equal(IngestBodyFormat.Ndjson, batch.Format);
        Assert.Equal(["a", "b"], batch.Records.Select(r => r.Value.GetProperty("metric").GetString()));
        Assert.Equal(longValue, batch.Records[0].Value.GetProperty("metadata").GetProperty("note").GetString());
    }

    [Fact]
    public async Task Byte_order_mark_and_leading_whitespace_are_ignored()
    {
        var body = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("\n  [{\"metric\":\"a\",\"value\":1}]")).ToArray();

        var batch = await IngestBodyReader.ReadAsync(new MemoryStream(body), Json, null, new IngestOptions());

        Assert.Single(batch.Records);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("GZIP")]
    [InlineData("x-gzip")]
    public async Task Gzip_body_is_decompressed(string encoding)
    {
        var text = "[{\"metric\":\"a\",\"value\":1},{\"metric\":\"b\",\"value\":2}]";
        var compressed = Gzip(text);

        var batch = await IngestBodyReader.ReadAsync(new MemoryStream(compressed), Json, encoding, new IngestOptions());

        Assert.True(batch.Succeeded);
        Assert.Equal(2, batch.Records.Count);
        Assert.Equal(compressed.Length, batch.BodyBytes);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), batch.DecodedBytes);
    }

    [Fact]
    public async Task Gzip_ndjson_with_a_bad_line_keeps_the_good_lines()
    {
        var compressed = Gzip("{\"metric\":\"a\",\"value\":1}\nnot json\n{\"metric\":\"c\",\"value\":3}\n");

        var batch = await IngestBodyReader.ReadAsync(new MemoryStream(compressed), Ndjson, "gzip", new IngestOptions());

        Assert.Equal([0, 2], batch.Records.Select(r => r.Index));
        Assert.Equal(1, Assert.Single(batch.Errors).Index);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \r\n\t ")]
    public async Task Empty_body_is_refused(string body)
    {
        var batch = await ReadAsync(body);

        AssertFailure(batch, IngestErrorCode.EmptyBody, 400);
    }

    [Fact]
    public async Task Empty_ndjson_body_is_refused()
    {
        AssertFailure(await ReadAsync("\n\n", Ndjson), IngestErrorCode.EmptyBody, 400);
    }

    [Theory]
    [InlineData("[{\"metric\":\"a\",\"value\":1},{\"metric\":")]
    [InlineData("[{\"metric\":\"a\",\"value\":1}")]
    [InlineData("[{\"metric\":\"a\",\"value\":1}] trailing")]
    [InlineData("[{\"metric\":\"a\",\"value\":1},]")]
    [InlineData("{\"metric\":\"a\",\"value\":}")]
    [InlineData("{\"metric\":\"a\",\n\"value\":1")]
    [InlineData("{\n\"metric\":\"a\",\n\"value\":1}\nnot json")]
    [InlineData("42")]
    [InlineData("\"text\"")]
    [InlineData("hello")]
    public async Task Malformed_json_refuses_the_whole_request(string body)
    {
        var batch = await ReadAsync(body);

        AssertFailure(batch, IngestErrorCode.InvalidJson, 400);
        Assert.Empty(batch.Records);
        Assert.Null(batch.BodyFingerprint);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("deflate")]
    [InlineData("gzip, br")]
    public async Task Unsupported_encoding_is_refused_with_415(string encoding)
    {
        var batch = await IngestBodyReader.ReadAsync(new MemoryStream([1, 2, 3]), Json, encoding, new IngestOptions());

        AssertFailure(batch, IngestErrorCode.UnsupportedEncoding, 415);
        Assert.Contains(encoding, batch.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_that_is_not_gzip_despite_the_header_is_refused()
    {
        var batch = await IngestBodyReader.ReadAsync(Utf8("[{\"metric\":\"a\",\"value\":1}]"), Json, "gzip", new IngestOptions());

        AssertFailure(batch, IngestErrorCode.InvalidEncoding, 400);
    }

    [Fact]
    public async Task Body_over_the_size_limit_is_refused_with_413()
    {
        var body = "[" + string.Join(',', Enumerable.Repeat("{\"metric\":\"a\",\"value\":1}", 100)) + "]";
        var options = new IngestOptions { MaxBodyBytes = 1000 };

        var batch = await ReadAsync(body, Json, options);

        AssertFailure(batch, IngestErrorCode.BodyTooLarge, 413);
        Assert.Contains("1000 bytes", batch.Failure!.Message, StringComparison.Ordinal);
        Assert.True(batch.BodyBytes <= 1000 + 64 * 1024, "reading stops soon after the limit");
    }

    [Fact]
    public async Task Body_exactly_at_the_size_limit_is_read()
    {
        var body = "[{\"metric\":\"a\",\"value\":1}]";
        var options = new IngestOptions { MaxBodyBytes = Encoding.UTF8.GetByteCount(body) };

        var batch = await ReadAsync(body, Json, options);

        Assert.True(batch.Succeeded);
    }

    [Fact]
    public async Task Compressed_size_limit_applies_to_the_bytes_as_sent()
    {
        var compressed = Gzip("[" + string.Join(',', Enumerable.Range(0, 2000).Select(i => $"{{\"metric\":\"m{i}\",\"value\":{i}}}")) + "]");
        var options = new IngestOptions { MaxBodyBytes = compressed.Length - 1 };

        var batch = await IngestBodyReader.ReadAsync(new MemoryStream(compressed), Json, "gzip", options);

        AssertFailure(batch, IngestErrorCode.BodyTooLarge, 413);
    }

    [Fact]
    public async Task Gzip_bomb_is_stopped_at_the_decompressed_limit()
    {
        // 8 MiB of spaces inside an array compresses to a few KiB.
        var compressed = Gzip("[" + new string(' ', 8 * 1024 * 1024) + "]");
        var options = new IngestOptions { MaxDecompressedBytes = 1024 * 1024 };

        var batch = await IngestBodyReader.ReadAsync(new MemoryStream(compressed), Json, "gzip", options);

        AssertFailure(batch, IngestErrorCode.BodyTooLarge, 413);
        Assert.Contains("after decompression", batch.Failure!.Message, StringComparison.Ordinal);
        Assert.True(batch.DecodedBytes <= options.MaxDecompressedBytes + 128 * 1024);
    }

    [Fact]
    public async Task Uncompressed_body_is_also_held_to_the_decompressed_limit()
    {
        var options = new IngestOptions { MaxDecompressedBytes = 100 };

        var batch = await ReadAsync("[" + new string(' ', 200) + "]", Json, options);

        AssertFailure(batch, IngestErrorCode.BodyTooLarge, 413);
    }

    [Theory]
    [InlineData(Json)]
    [InlineData(Ndjson)]
    public async Task More_records_than_allowed_is_refused_with_413(string contentType)
    {
        var records = Enumerable.Repeat("{\"metric\":\"a\",\"value\":1}", 4);
        var body = contentType == Ndjson ? string.Join('\n', records) : "[" + string.Join(',', records) + "]";

        var batch = await ReadAsync(body, contentType, new IngestOptions { MaxRecordsPerRequest = 3 });

        AssertFailure(batch, IngestErrorCode.TooManyRecords, 413);
        Assert.Contains("3", batch.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_ndjson_lines_count_toward_the_record_limit()
    {
        var batch = await ReadAsync("x\ny\n{\"metric\":\"a\",\"value\":1}\nz", Ndjson, new IngestOptions { MaxRecordsPerRequest = 3 });

        AssertFailure(batch, IngestErrorCode.TooManyRecords, 413);
    }

    [Fact]
    public async Task Exactly_the_record_limit_is_accepted()
    {
        var body = "[" + string.Join(',', Enumerable.Repeat("{\"metric\":\"a\",\"value\":1}", 3)) + "]";

        var batch = await ReadAsync(body, Json, new IngestOptions { MaxRecordsPerRequest = 3 });

        Assert.Equal(3, batch.Records.Count);
    }

    [Fact]
    public async Task Identical_bodies_have_the_same_fingerprint_and_different_bodies_do_not()
    {
        const string body = "[{\"metric\":\"a\",\"value\":1}]";

        var first = await ReadAsync(body);
        var second = await ReadAsync(body);
        var other = await ReadAsync("[{\"metric\":\"a\",\"value\":2}]");

        Assert.NotNull(first.BodyFingerprint);
        Assert.Equal(first.BodyFingerprint, second.BodyFingerprint);
        Assert.NotEqual(first.BodyFingerprint, other.BodyFingerprint);
        Assert.Equal(Sha256Hex(Encoding.UTF8.GetBytes(body)), first.BodyFingerprint);
    }

    [Fact]
    public async Task Fingerprint_of_a_gzip_body_covers_the_compressed_bytes_including_any_tail()
    {
        var compressed = Gzip("{\"metric\":\"a\",\"value\":1}\n");

        var batch = await IngestBodyReader.ReadAsync(new MemoryStream(compressed), Ndjson, "gzip", new IngestOptions());

        Assert.Equal(Sha256Hex(compressed), batch.BodyFingerprint);
        Assert.Equal(compressed.Length, batch.BodyBytes);
    }

    [Fact]
    public async Task Records_outlive_the_request_body()
    {
        IngestBatch batch;
        using (var body = Utf8("[{\"metric\":\"a\",\"value\":1}]"))
        {
            batch = await IngestBodyReader.ReadAsync(body, Json, null, new IngestOptions());
        }

        Assert.Equal("a", batch.Records[0].Value.GetProperty("metric").GetString());
    }

    [Fact]
    public async Task Cancellation_is_thrown_not_reported_as_a_failure()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            IngestBodyReader.ReadAsync(Utf8("[]"), Json, null, new IngestOptions(), cancelled.Token));
    }

    private static Task<IngestBatch> ReadAsync(string body, string? contentType = Json, IngestOptions? options = null) =>
        IngestBodyReader.ReadAsync(Utf8(body), contentType, null, options ?? new IngestOptions());

    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    private static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static void AssertFailure(IngestBatch batch, string code, int status)
    {
        Assert.False(batch.Succeeded);
        Assert.Equal(code, batch.Failure!.Code);
        Assert.Equal(status, batch.Failure.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(batch.Failure.Message));
    }
}
