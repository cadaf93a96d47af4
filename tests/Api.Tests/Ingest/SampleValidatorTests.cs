using System.Text;
using System.Text.Json;
using Telemetry.Api.Ingest;
using Telemetry.Series;
using Xunit;

namespace Telemetry.Api.Tests.Ingest;

public sealed class SampleValidatorTests
{
    private static readonly DateTimeOffset Now = new(2025, 8, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset HotWindowStart = Now - TimeSpan.FromHours(6);

    private readonly SampleValidator _validator = new(new IngestOptions(), new FixedTimeProvider(Now));

    [Fact]
    public void Full_record_becomes_a_sample()
    {
        var sample = Valid("""
            {"metric":"inventory.on_hand","type":"counter","value":125,"timestamp":"2025-08-29T11:00:00Z",
             "dimensions":{"sku":"SKU-1","location_id":"loc_1"},"metadata":{"source":"wms"}}
            """);

        Assert.Equal("inventory.on_hand", sample.Metric);
        Assert.Equal(MetricType.Counter, sample.Type);
        Assert.Equal(125, sample.Value);
        Assert.Equal(new DateTime(2025, 8, 29, 11, 0, 0, DateTimeKind.Utc).Ticks, sample.TimestampUtcTicks);
        Assert.False(sample.TimestampDefaulted);
        Assert.Equal(new SeriesLabels([new("location_id", "loc_1"), new("sku", "SKU-1")]), sample.Labels);
        Assert.Equal("location_id", sample.Labels.Pairs[0].Key);
    }

    [Fact]
    public void Minimal_record_is_a_gauge_at_server_time_without_dimensions()
    {
        var sample = Valid("""{"metric":"temp","value":-3.5}""");

        Assert.Equal(MetricType.Gauge, sample.Type);
        Assert.Equal(-3.5, sample.Value);
        Assert.Equal(Now.UtcTicks, sample.TimestampUtcTicks);
        Assert.True(sample.TimestampDefaulted);
        Assert.Same(SeriesLabels.Empty, sample.Labels);
    }

    [Fact]
    public void Null_optional_fields_mean_not_given()
    {
        var sample = Valid("""{"metric":"temp","value":1,"type":null,"timestamp":null,"dimensions":null,"metadata":null}""");

        Assert.Equal(MetricType.Gauge, sample.Type);
        Assert.True(sample.TimestampDefaulted);
        Assert.Equal(0, sample.Labels.Count);
    }

    [Theory]
    [InlineData("gauge", MetricType.Gauge)]
    [InlineData("COUNTER", MetricType.Counter)]
    [InlineData("Histogram", MetricType.Histogram)]
    [InlineData("set", MetricType.Set)]
    [InlineData("summary", MetricType.Summary)]
    public void Type_names_are_case_insensitive(string name, MetricType expected)
    {
        Assert.Equal(expected, Valid($$"""{"metric":"m","type":"{{name}}","value":1}""").Type);
    }

    [Theory]
    [InlineData("\"2025-08-29T11:30:00Z\"", "2025-08-29T11:30:00.0000000Z")]
    [InlineData("\"2025-08-29T13:30:00+02:00\"", "2025-08-29T11:30:00.0000000Z")]
    [InlineData("\"2025-08-29T11:30:00.123456789Z\"", "2025-08-29T11:30:00.1234567Z")]
    [InlineData("\"2025-08-29t10:30:00.5-01:00\"", "2025-08-29T11:30:00.5000000Z")]
    [InlineData("1756467000000", "2025-08-29T11:30:00.0000000Z")]
    public void Timestamps_are_rfc3339_with_offset_or_epoch_milliseconds(string json, string expectedUtc)
    {
        var sample = Valid($$"""{"metric":"m","value":1,"timestamp":{{json}} }""");

        Assert.Equal(DateTime.Parse(expectedUtc, null, System.Globalization.DateTimeStyles.AdjustToUniversal).Ticks, sample.TimestampUtcTicks);
    }

    [Fact]
    public void Dimension_numbers_and_booleans_become_their_json_text()
    {
        var sample = Valid("""{"metric":"m","value":1,"dimensions":{"bin":12,"ratio":1.50,"cold":true,"hot":false}}""");

        Assert.Equal("12", sample.Labels["bin"]);
        Assert.Equal("1.50", sample.Labels["ratio"]);
        Assert.Equal("true", sample.Labels["cold"]);
        Assert.Equal("false", sample.Labels["hot"]);
    }

    [Fact]
    public void Unknown_fields_and_metadata_contents_are_ignored()
    {
        var sample = Valid("""{"metric":"m","value":1,"unit":"pcs","Metric":"other","metadata":{"nested":{"deep":[1,2]}}}""");

        Assert.Equal("m", sample.Metric);
    }

    [Fact]
    public void Counter_of_zero_is_valid()
    {
        Assert.Equal(0, Valid("""{"metric":"picks_total","type":"counter","value":0}""").Value);
    }

    [Fact]
    public void Timestamp_within_the_future_skew_is_valid()
    {
        var ts = (Now + TimeSpan.FromMinutes(9)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

        Assert.False(Valid($$"""{"metric":"m","value":1,"timestamp":"{{ts}}"}""").TimestampDefaulted);
    }

    [Fact]
    public void Exactly_max_dimensions_is_valid()
    {
        var dimensions = string.Join(',', Enumerable.Range(0, 20).Select(i => $"\"k{i}\":\"v\""));

        Assert.Equal(20, Valid($$"""{"metric":"m","value":1,"dimensions":{ {{dimensions}} } }""").Labels.Count);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("42")]
    [InlineData("\"metric\"")]
    [InlineData("null")]
    [InlineData("""{"metric":"a","value":1,"value":2}""")]
    public void Invalid_record(string json) => AssertRejected(json, IngestErrorCode.InvalidRecord);

    [Theory]
    [InlineData("""{"value":1}""", "required")]
    [InlineData("""{"metric":null,"value":1}""", "required")]
    [InlineData("""{"metric":5,"value":1}""", "string")]
    [InlineData("""{"metric":"","value":1}""", "characters")]
    [InlineData("""{"metric":"1abc","value":1}""", "not a valid metric name")]
    [InlineData("""{"metric":"cpu load","value":1}""", "not a valid metric name")]
    [InlineData("""{"metric":"cpu\n","value":1}""", "not a valid metric name")]
    [InlineData("""{"metric":"cpu{a=\"b\"}","value":1}""", "not a valid metric name")]
    public void Invalid_metric(string json, string messagePart)
    {
        var error = AssertRejected(json, IngestErrorCode.InvalidMetric);
        Assert.Contains("'metric'", error.Message, StringComparison.Ordinal);
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metric_name_longer_than_the_limit_is_invalid()
    {
        AssertRejected($$"""{"metric":"{{new string('m', 201)}}","value":1}""", IngestErrorCode.InvalidMetric);
        Valid($$"""{"metric":"{{new string('m', 200)}}","value":1}""");
    }

    [Fact]
    public void Metric_names_may_use_dots_colons_dashes_and_underscores()
    {
        Assert.Equal("_ns:inventory.on-hand_total", Valid("""{"metric":"_ns:inventory.on-hand_total","value":1}""").Metric);
    }

    [Theory]
    [InlineData("\"timer\"")]
    [InlineData("1")]
    [InlineData("\"\"")]
    [InlineData("{}")]
    public void Invalid_type(string type)
    {
        var error = AssertRejected($$"""{"metric":"m","type":{{type}},"value":1}""", IngestErrorCode.InvalidType);
        Assert.Contains("'type'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"metric":"m"}""")]
    [InlineData("""{"metric":"m","value":null}""")]
    [InlineData("""{"metric":"m","value":"5"}""")]
    [InlineData("""{"metric":"m","value":true}""")]
    [InlineData("""{"metric":"m","value":[1]}""")]
    [InlineData("""{"metric":"m","value":1e400}""")]
    [InlineData("""{"metric":"m","value":-1e400}""")]
    public void Invalid_value(string json)
    {
        var error = AssertRejected(json, IngestErrorCode.InvalidValue);
        Assert.Contains("'value'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_counter_is_invalid_because_counters_are_cumulative()
    {
        var error = AssertRejected("""{"metric":"picks_total","type":"counter","value":-1}""", IngestErrorCode.InvalidValue);

        Assert.Contains("cumulative", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"2025-08-29T11:00:00\"")]
    [InlineData("\"2025-08-29 11:00:00Z\"")]
    [InlineData("\"2025-08-29\"")]
    [InlineData("\"2025-02-30T11:00:00Z\"")]
    [InlineData("\"2025-08-29T24:00:00Z\"")]
    [InlineData("\"2025-08-29T11:00:60Z\"")]
    [InlineData("\"2025-08-29T11:00:00+2:00\"")]
    [InlineData("\"yesterday\"")]
    [InlineData("\"1756467000000\"")]
    [InlineData("1756467000000.5")]
    [InlineData("1e300")]
    [InlineData("true")]
    [InlineData("{}")]
    public void Invalid_timestamp(string timestamp)
    {
        var error = AssertRejected($$"""{"metric":"m","value":1,"timestamp":{{timestamp}} }""", IngestErrorCode.InvalidTimestamp);
        Assert.Contains("'timestamp'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamp_beyond_the_future_skew_is_rejected()
    {
        var ts = (Now + TimeSpan.FromMinutes(11)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

        AssertRejected($$"""{"metric":"m","value":1,"timestamp":"{{ts}}"}""", IngestErrorCode.TimestampInFuture);
    }

    [Fact]
    public void Timestamp_before_the_hot_window_is_too_old()
    {
        var ts = (HotWindowStart - TimeSpan.FromSeconds(1)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

        AssertRejected($$"""{"metric":"m","value":1,"timestamp":"{{ts}}"}""", IngestErrorCode.TooOld);
    }

    [Fact]
    public void Epoch_seconds_mistaken_for_milliseconds_are_too_old_with_a_hint()
    {
        var error = AssertRejected("""{"metric":"m","value":1,"timestamp":1756467000}""", IngestErrorCode.TooOld);

        Assert.Contains("milliseconds", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[["sku","a"]]""", "'dimensions'")]
    [InlineData("\"sku=a\"", "'dimensions'")]
    [InlineData("""{"sku":null}""", "'sku'")]
    [InlineData("""{"sku":{"id":1}}""", "'sku'")]
    [InlineData("""{"sku":["a"]}""", "'sku'")]
    [InlineData("""{"sku":""}""", "'sku'")]
    [InlineData("""{"bad key":"a"}""", "'bad key'")]
    [InlineData("""{"1sku":"a"}""", "'1sku'")]
    [InlineData("""{"sku:id":"a"}""", "'sku:id'")]
    [InlineData("""{"":"a"}""", "''")]
    [InlineData("""{"__name__":"a"}""", "reserved")]
    [InlineData("""{"sku":"a","sku":"b"}""", "more than once")]
    public void Invalid_dimensions(string dimensions, string messagePart)
    {
        var error = AssertRejected($$"""{"metric":"m","value":1,"dimensions":{{dimensions}} }""", IngestErrorCode.InvalidDimensions);
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dimension_key_and_value_lengths_are_limited()
    {
        var longKey = "k" + new string('x', 128);
        var longValue = new string('v', 257);

        AssertRejected($$"""{"metric":"m","value":1,"dimensions":{"{{longKey}}":"a"} }""", IngestErrorCode.InvalidDimensions);
        AssertRejected($$"""{"metric":"m","value":1,"dimensions":{"sku":"{{longValue}}"} }""", IngestErrorCode.InvalidDimensions);
        Valid($$"""{"metric":"m","value":1,"dimensions":{"{{longKey[..128]}}":"{{longValue[..256]}}"} }""");
    }

    [Fact]
    public void More_dimensions_than_allowed_is_rejected()
    {
        var dimensions = string.Join(',', Enumerable.Range(0, 21).Select(i => $"\"k{i}\":\"v\""));

        var error = AssertRejected($$"""{"metric":"m","value":1,"dimensions":{ {{dimensions}} } }""", IngestErrorCode.TooManyDimensions);
        Assert.Contains("21", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"note\"")]
    [InlineData("[]")]
    [InlineData("1")]
    public void Metadata_must_be_an_object_when_present(string metadata)
    {
        var error = AssertRejected($$"""{"metric":"m","value":1,"metadata":{{metadata}} }""", IngestErrorCode.InvalidMetadata);
        Assert.Contains("'metadata'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configured_limits_are_honoured()
    {
        var options = new IngestOptions { MaxDimensions = 1, MaxMetricNameLength = 3, MaxFutureSkew = TimeSpan.Zero };
        var validator = new SampleValidator(options, new FixedTimeProvider(Now));

        Assert.Equal(IngestErrorCode.InvalidMetric, Reject(validator, """{"metric":"abcd","value":1}""").Code);
        Assert.Equal(IngestErrorCode.TooManyDimensions, Reject(validator, """{"metric":"abc","value":1,"dimensions":{"a":"1","b":"2"}}""").Code);
        Assert.Equal(IngestErrorCode.TimestampInFuture, Reject(validator, """{"metric":"abc","value":1,"timestamp":"2025-08-29T12:00:00.0000001Z"}""").Code);
    }

    [Fact]
    public async Task Batch_validation_merges_parse_and_validation_errors_in_body_order()
    {
        var body = "{\"metric\":\"a\",\"value\":1}\n{\"metric\":\"b\",\"value\":\"x\"}\nnot json\n{\"value\":4}\n{\"metric\":\"e\",\"value\":5}\n";
        var batch = await IngestBodyReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), "application/x-ndjson", null, new IngestOptions());

        var result = _validator.Validate(batch, HotWindowStart);

        Assert.Equal(2, result.Accepted);
        Assert.Equal(3, result.Rejected);
        Assert.Equal([0, 4], result.Samples.Select(s => s.Index));
        Assert.Equal([1, 2, 3], result.Errors.Select(e => e.Index));
        Assert.Equal(
            [IngestErrorCode.InvalidValue, IngestErrorCode.InvalidJson, IngestErrorCode.InvalidMetric],
            result.Errors.Select(e => e.Code));
        Assert.All(result.Samples, s => Assert.Equal(Now.UtcTicks, s.TimestampUtcTicks));
    }

    [Fact]
    public async Task Failed_batch_cannot_be_validated()
    {
        var batch = await IngestBodyReader.ReadAsync(new MemoryStream(), "application/json", null, new IngestOptions());

        Assert.Throws<ArgumentException>(() => _validator.Validate(batch, HotWindowStart));
    }

    [Fact]
    public async Task Invalid_utf8_inside_a_string_is_an_invalid_record_not_a_crash()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"metric\":\"m\",\"value\":1,\"dimensions\":{\"sku\":\"A?\"}}");
        bytes[Array.IndexOf(bytes, (byte)'?')] = 0xFF;

        var batch = await IngestBodyReader.ReadAsync(new MemoryStream(bytes), "application/x-ndjson", null, new IngestOptions());
        var result = _validator.Validate(batch, HotWindowStart);

        Assert.Empty(result.Samples);
        var error = Assert.Single(result.Errors);
        Assert.Equal(IngestErrorCode.InvalidRecord, error.Code);
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }

    private ValidSample Valid(string json)
    {
        Assert.True(
            _validator.TryValidate(Record(json), Now, HotWindowStart, out var sample, out var error),
            error?.Message);
        return sample;
    }

    private IngestError AssertRejected(string json, string code)
    {
        var error = Reject(_validator, json);
        Assert.Equal(code, error.Code);
        Assert.Equal(7, error.Index);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        return error;
    }

    private static IngestError Reject(SampleValidator validator, string json)
    {
        Assert.False(validator.TryValidate(Record(json), Now, HotWindowStart, out var sample, out var error), "expected a rejection");
        Assert.Null(sample);
        return error;
    }

    private static IngestRecord Record(string json) => new(7, JsonElement.Parse(json));
}
