using Telemetry.Api.Ingest;
using Xunit;

namespace Telemetry.Api.Tests.Ingest;

public sealed class Rfc3339TimestampTests
{
    [Theory]
    [InlineData("0001-01-01T00:00:00Z", 0L)]
    [InlineData("1970-01-01T00:00:00Z", 621355968000000000L)]
    [InlineData("1970-01-01T01:00:00+01:00", 621355968000000000L)]
    [InlineData("1969-12-31T23:30:00-00:30", 621355968000000000L)]
    [InlineData("1970-01-01T00:00:00.0000001Z", 621355968000000001L)]
    [InlineData("2024-02-29T00:00:00Z", 638447616000000000L)]
    [InlineData("1970-01-01t00:00:00.123456789z", 621355968001234567L)]
    [InlineData("1970-01-01T00:00:00.5Z", 621355968005000000L)]
    public void Parses_to_utc_ticks(string text, long expected)
    {
        Assert.True(Rfc3339Timestamp.TryParseUtcTicks(text, out var ticks));
        Assert.Equal(expected, ticks);
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("9999-12-31T23:59:59-01:00")]
    [InlineData("2025-02-29T00:00:00Z")]
    [InlineData("2025-13-01T00:00:00Z")]
    [InlineData("2025-08-29T11:00:00+24:00")]
    [InlineData("2025-08-29T11:00:00.Z")]
    [InlineData("2025-08-29T11:00:00.1234567890Z")]
    [InlineData("２０２５-08-29T11:00:00Z")]
    [InlineData("2025-08-29T11:00:00Z\n")]
    [InlineData(" 2025-08-29T11:00:00Z")]
    [InlineData("2025-08-29T11:00:00")]
    [InlineData("2025-08-29T11:00:00+01:00 ")]
    [InlineData("2025-08-29T11:00:00+0100")]
    [InlineData("0000-01-01T00:00:00Z")]
    public void Refuses_what_is_not_an_rfc3339_instant(string text)
    {
        Assert.False(Rfc3339Timestamp.TryParseUtcTicks(text, out _));
    }
}
