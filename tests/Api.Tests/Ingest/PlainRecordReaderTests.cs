using System.Text;
using Telemetry.Api.Ingest;
using Xunit;

namespace Telemetry.Api.Tests.Ingest;

/// <summary>
/// The fast path must reach exactly the full validator's verdict: the same sample for what it accepts, and a decline
/// (never a different answer) for everything else, whatever it has learned before.
/// </summary>
public sealed class PlainRecordReaderTests
{
    private static readonly DateTimeOffset Now = new(2025, 8, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset HotWindowStart = Now - TimeSpan.FromHours(6);

    [Theory]
    [InlineData("""{"metric":"plain.a","value":1,"timestamp":"2025-08-29T11:00:00Z","dimensions":{"sku":"SKU-1","location_id":"loc_1"}}""")]
    [InlineData("""{"metric":"plain.b","type":"Counter","value":0,"timestamp":"2025-08-29T13:30:00.123456789+02:00","dimensions":{"z":"1","a":"2"}}""")]
    [InlineData("""{ "value" : 2.5e3 , "metric" : "plain.c" , "timestamp" : 1756465200000 , "dimensions" : { "k" : 7 , "flag" : true } }""")]
    [InlineData("""{"metric":"plain.d","value":-1,"type":null,"timestamp":null,"dimensions":null,"metadata":null,"extra":[1,{"x":"y"}]}""")]
    [InlineData("""{"metric":"plain.e","value":3,"dimensions":{},"metadata":{"source":"wms","nested":{"a":[1,2]}}}""")]
    [InlineData("""{"metric":"plain.f","value":4,"dimensions":{"city":"Zürich","note":"a\"b"}}""")]
    public void A_record_seen_again_gives_the_full_validator_s_sample(string json)
    {
        var record = new IngestRecord(3, Encoding.UTF8.GetBytes(json));
        var options = new IngestOptions();
        Assert.True(new SampleValidator(options, new FixedTimeProvider(Now)).TryValidate(record, Now, HotWindowStart, out var full, out var error), error?.Message);

        Assert.True(PlainRecordReader.TryRead(record.Utf8Json, record.Index, options, Now, HotWindowStart, out var fast));
        Assert.Equal(full, fast);
    }

    [Theory]
    [InlineData("""{"metric":"learned.m","value":-1,"type":"counter","dimensions":{"sku":"1"}}""", IngestErrorCode.InvalidValue)]
    [InlineData("""{"metric":"learned.m","value":1,"value":2,"dimensions":{"sku":"1"}}""", IngestErrorCode.InvalidRecord)]
    [InlineData("""{"metric":"learned.m","value":1,"timestamp":"2025-08-29T05:00:00Z","dimensions":{"sku":"1"}}""", IngestErrorCode.TooOld)]
    [InlineData("""{"metric":"learned.m","value":1,"timestamp":"2025-08-29T12:10:01Z","dimensions":{"sku":"1"}}""", IngestErrorCode.TimestampInFuture)]
    [InlineData("""{"metric":"learned.m","value":"1","dimensions":{"sku":"1"}}""", IngestErrorCode.InvalidValue)]
    [InlineData("""{"metric":"learned.m","value":1,"type":"gauges","dimensions":{"sku":"1"}}""", IngestErrorCode.InvalidType)]
    [InlineData("""{"metric":"learned.m","value":1,"dimensions":{"sku":"1"},"metadata":5}""", IngestErrorCode.InvalidMetadata)]
    [InlineData("""{"metric":"learned.m","value":1,"dimensions":{"sku":"1","sku":"2"}}""", IngestErrorCode.InvalidDimensions)]
    public void Learned_names_and_dimensions_never_let_an_invalid_record_through(string json, string code)
    {
        var validator = new SampleValidator(new IngestOptions(), new FixedTimeProvider(Now));
        Assert.True(validator.TryValidate(Record("""{"metric":"learned.m","value":1,"dimensions":{"sku":"1"}}"""), Now, HotWindowStart, out _, out _));

        Assert.False(validator.TryValidate(Record(json), Now, HotWindowStart, out _, out var error));
        Assert.Equal(code, error.Code);
    }

    [Fact]
    public void Limits_are_checked_against_the_validator_s_own_options_after_learning()
    {
        const string json = """{"metric":"limits.metric_name","value":1,"dimensions":{"sku":"SKU-123","location_id":"loc_1"}}""";
        Assert.True(new SampleValidator(new IngestOptions(), new FixedTimeProvider(Now)).TryValidate(Record(json), Now, HotWindowStart, out _, out _));

        Assert.Equal(IngestErrorCode.TooManyDimensions, Reject(new IngestOptions { MaxDimensions = 1 }, json));
        Assert.Equal(IngestErrorCode.InvalidDimensions, Reject(new IngestOptions { MaxDimensionKeyLength = 5 }, json));
        Assert.Equal(IngestErrorCode.InvalidDimensions, Reject(new IngestOptions { MaxDimensionValueLength = 5 }, json));
        Assert.Equal(IngestErrorCode.InvalidMetric, Reject(new IngestOptions { MaxMetricNameLength = 5 }, json));
    }

    private static string Reject(IngestOptions options, string json)
    {
        Assert.False(new SampleValidator(options, new FixedTimeProvider(Now)).TryValidate(Record(json), Now, HotWindowStart, out _, out var error));
        return error.Code;
    }

    private static IngestRecord Record(string json) => new(0, Encoding.UTF8.GetBytes(json));
}
