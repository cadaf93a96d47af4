using System.Globalization;
using Telemetry.Query;
using Xunit;

namespace Telemetry.Tests.Query;

public sealed class BucketAlignerTests
{
    [Fact]
    public void London_day_on_spring_forward_is_23_hours()
    {
        // 2025-03-30 01:00Z clocks go from 01:00 GMT to 02:00 BST. Midnight 30th is 00:00Z; midnight 31st is 23:00Z on the 30th.
        var aligner = Aligner("1d", "Europe/London");

        var starts = aligner.GetStarts(Utc("2025-03-30T00:00:00Z"), Utc("2025-03-31T12:00:00Z"));

        Assert.Equal([Utc("2025-03-30T00:00:00Z"), Utc("2025-03-30T23:00:00Z")], starts.ToArray());
        Assert.Equal(TimeSpan.FromHours(23), TimeSpan.FromTicks(starts[1] - starts[0]));
        Assert.Equal(["2025-03-30T00:00:00Z", "2025-03-31T00:00:00+01:00"], starts.Select(aligner.Format));
    }

    [Fact]
    public void London_day_on_fall_back_is_25_hours()
    {
        // 2025-10-26 01:00Z clocks go from 02:00 BST back to 01:00 GMT. Midnight 26th (BST) is 25th 23:00Z; midnight 27th (GMT) is 00:00Z.
        var aligner = Aligner("1d", "Europe/London");

        var starts = aligner.GetStarts(Utc("2025-10-26T05:00:00Z"), Utc("2025-10-27T12:00:00Z"));

        Assert.Equal([Utc("2025-10-25T23:00:00Z"), Utc("2025-10-27T00:00:00Z")], starts.ToArray());
        Assert.Equal(TimeSpan.FromHours(25), TimeSpan.FromTicks(starts[1] - starts[0]));
        Assert.Equal(["2025-10-26T00:00:00+01:00", "2025-10-27T00:00:00Z"], starts.Select(aligner.Format));
    }

    [Fact]
    public void London_hour_repeated_on_fall_back_gives_two_buckets()
    {
        // Local 01:00-02:00 happens twice: 00:00Z-01:00Z at +01:00, then 01:00Z-02:00Z at +00:00.
        var aligner = Aligner("1h", "Europe/London");

        var starts = aligner.GetStarts(Utc("2025-10-25T23:00:00Z"), Utc("2025-10-26T03:00:00Z"));

        Assert.Equal(
            [Utc("2025-10-25T23:00:00Z"), Utc("2025-10-26T00:00:00Z"), Utc("2025-10-26T01:00:00Z"), Utc("2025-10-26T02:00:00Z")],
            starts.ToArray());
        Assert.Equal(
            ["2025-10-26T00:00:00+01:00", "2025-10-26T01:00:00+01:00", "2025-10-26T01:00:00Z", "2025-10-26T02:00:00Z"],
            starts.Select(aligner.Format));
    }

    [Fact]
    public void London_hour_skipped_on_spring_forward_has_no_bucket()
    {
        // Local 01:00 never happens on 2025-03-30: 00:00Z is 00:00 GMT, 01:00Z is already 02:00 BST.
        var aligner = Aligner("1h", "Europe/London");

        var starts = aligner.GetStarts(Utc("2025-03-30T00:00:00Z"), Utc("2025-03-30T03:00:00Z"));

        Assert.Equal(
            ["2025-03-30T00:00:00Z", "2025-03-30T02:00:00+01:00", "2025-03-30T03:00:00+01:00"],
            starts.Select(aligner.Format));
    }

    [Fact]
    public void Kolkata_hours_start_at_half_past_utc()
    {
        // 10:00Z is 15:30 +05:30; its hour is 15:00 local = 09:30Z. Then 10:30Z, 11:30Z, 12:30Z (< 13:00Z).
        var aligner = Aligner("1h", "Asia/Kolkata");

        var starts = aligner.GetStarts(Utc("2025-01-01T10:00:00Z"), Utc("2025-01-01T13:00:00Z"));

        Assert.Equal(
            [Utc("2025-01-01T09:30:00Z"), Utc("2025-01-01T10:30:00Z"), Utc("2025-01-01T11:30:00Z"), Utc("2025-01-01T12:30:00Z")],
            starts.ToArray());
        Assert.Equal("2025-01-01T15:00:00+05:30", aligner.Format(starts[0]));
    }

    [Fact]
    public void New_York_days_follow_local_midnight_across_spring_forward()
    {
        // EST (-05:00) until 2025-03-09 02:00 local, then EDT (-04:00). 03-08 12:00Z is 07:00 EST, so the first day is 03-08.
        var aligner = Aligner("1d", "America/New_York");

        var starts = aligner.GetStarts(Utc("2025-03-08T12:00:00Z"), Utc("2025-03-11T00:00:00Z"));

        Assert.Equal(
            [Utc("2025-03-08T05:00:00Z"), Utc("2025-03-09T05:00:00Z"), Utc("2025-03-10T04:00:00Z")],
            starts.ToArray());
        Assert.Equal(
            ["2025-03-08T00:00:00-05:00", "2025-03-09T00:00:00-05:00", "2025-03-10T00:00:00-04:00"],
            starts.Select(aligner.Format));
    }

    [Fact]
    public void A_day_whose_midnight_is_skipped_starts_at_its_first_instant()
    {
        // Santiago springs forward at 2024-09-08 00:00 -04:00 (04:00Z) straight to 01:00 -03:00, so that day
        // starts at 01:00 local = 04:00Z and lasts 23 hours; the next starts at 00:00 -03:00 = 03:00Z.
        var aligner = Aligner("1d", "America/Santiago");

        var starts = aligner.GetStarts(Utc("2024-09-07T12:00:00Z"), Utc("2024-09-09T12:00:00Z"));

        Assert.Equal(
            ["2024-09-07T00:00:00-04:00", "2024-09-08T01:00:00-03:00", "2024-09-09T00:00:00-03:00"],
            starts.Select(aligner.Format));
        Assert.Equal(TimeSpan.FromHours(23), TimeSpan.FromTicks(starts[2] - starts[1]));
    }

    [Fact]
    public void Weeks_start_on_monday_in_utc()
    {
        // 2025-01-01 is a Wednesday; its week began Monday 2024-12-30.
        var aligner = Aligner("1w", "UTC");

        var starts = aligner.GetStarts(Utc("2025-01-01T00:00:00Z"), Utc("2025-01-15T00:00:00Z"));

        Assert.Equal(["2024-12-30T00:00:00Z", "2025-01-06T00:00:00Z", "2025-01-13T00:00:00Z"], starts.Select(aligner.Format));
    }

    [Fact]
    public void Weeks_start_on_local_monday_midnight_across_dst()
    {
        // Monday 2025-03-24 00:00 GMT = 00:00Z; Monday 03-31 00:00 BST = 03-30 23:00Z; Monday 04-07 = 04-06 23:00Z.
        var aligner = Aligner("1w", "Europe/London");

        var starts = aligner.GetStarts(Utc("2025-03-26T12:00:00Z"), Utc("2025-04-08T00:00:00Z"));

        Assert.Equal(
            [Utc("2025-03-24T00:00:00Z"), Utc("2025-03-30T23:00:00Z"), Utc("2025-04-06T23:00:00Z")],
            starts.ToArray());
        Assert.Equal(
            ["2025-03-24T00:00:00Z", "2025-03-31T00:00:00+01:00", "2025-04-07T00:00:00+01:00"],
            starts.Select(aligner.Format));
    }

    [Fact]
    public void Two_week_buckets_count_from_monday_1970_01_05()
    {
        // 1970-01-05 → 2024-12-30 is 20083 days = 1434 fortnights + 7 days, so the fortnight holding 2025-01-01
        // began 2024-12-23 and the next begins 2025-01-06; 2025-01-20 is the end, so it is not a bucket.
        var aligner = Aligner("2w", "UTC");

        var starts = aligner.GetStarts(Utc("2025-01-01T00:00:00Z"), Utc("2025-01-20T00:00:00Z"));

        Assert.Equal(["2024-12-23T00:00:00Z", "2025-01-06T00:00:00Z"], starts.Select(aligner.Format));
    }

    [Fact]
    public void Three_day_buckets_count_from_1970_01_01()
    {
        // 1970-01-01 → 2025-01-01 is 20089 days = 6696·3 + 1, so the bucket began 2024-12-31.
        var aligner = Aligner("3d", "UTC");

        var starts = aligner.GetStarts(Utc("2025-01-01T00:00:00Z"), Utc("2025-01-04T00:00:00Z"));

        Assert.Equal(["2024-12-31T00:00:00Z", "2025-01-03T00:00:00Z"], starts.Select(aligner.Format));
    }

    [Fact]
    public void Ten_second_buckets_align_on_the_minute_in_utc()
    {
        var aligner = Aligner("10s", "UTC");

        var starts = aligner.GetStarts(Utc("2025-06-01T12:00:07Z"), Utc("2025-06-01T12:00:35Z"));

        Assert.Equal(
            ["2025-06-01T12:00:00Z", "2025-06-01T12:00:10Z", "2025-06-01T12:00:20Z", "2025-06-01T12:00:30Z"],
            starts.Select(aligner.Format));
    }

    [Fact]
    public void Five_minute_buckets_align_on_the_hour_in_utc()
    {
        var aligner = Aligner("5m", "UTC");

        var starts = aligner.GetStarts(Utc("2025-06-01T12:03:00Z"), Utc("2025-06-01T12:17:00Z"));

        Assert.Equal(
            ["2025-06-01T12:00:00Z", "2025-06-01T12:05:00Z", "2025-06-01T12:10:00Z", "2025-06-01T12:15:00Z"],
            starts.Select(aligner.Format));
    }

    [Fact]
    public void A_start_on_a_boundary_is_its_own_first_bucket_and_the_end_is_excluded()
    {
        var aligner = Aligner("1h", "UTC");

        var starts = aligner.GetStarts(Utc("2025-06-01T12:00:00Z"), Utc("2025-06-01T14:00:00Z"));

        Assert.Equal([Utc("2025-06-01T12:00:00Z"), Utc("2025-06-01T13:00:00Z")], starts.ToArray());
    }

    [Fact]
    public void Bucket_count_over_the_limit_is_refused()
    {
        // [12:00:00, 12:01:00) in 10s buckets is exactly 6 buckets.
        var aligner = Aligner("10s", "UTC");
        var start = Utc("2025-06-01T12:00:00Z");
        var end = Utc("2025-06-01T12:01:00Z");

        Assert.True(aligner.TryGetStarts(start, end, 6, out var starts));
        Assert.Equal(6, starts.Length);
        Assert.False(aligner.TryGetStarts(start, end, 5, out _));
    }

    [Theory]
    [InlineData("2025-03-30T23:00:00Z", "Europe/London", "2025-03-31T00:00:00+01:00")]
    [InlineData("2025-01-15T00:00:00Z", "Europe/London", "2025-01-15T00:00:00Z")]
    [InlineData("2025-01-01T09:30:00Z", "Asia/Kolkata", "2025-01-01T15:00:00+05:30")]
    [InlineData("2025-07-04T04:00:00Z", "America/New_York", "2025-07-04T00:00:00-04:00")]
    [InlineData("2025-07-04T04:00:00Z", "UTC", "2025-07-04T04:00:00Z")]
    public void Formats_rfc3339_with_the_offset_in_force_at_that_instant(string instant, string zone, string expected)
    {
        Assert.Equal(expected, Aligner("1h", zone).Format(Utc(instant)));
    }

    [Theory]
    [InlineData(-1, -1)]
    [InlineData(0, 0)]
    [InlineData(9, 0)]
    [InlineData(10, 1)]
    [InlineData(19, 1)]
    [InlineData(25, 2)]
    [InlineData(29, 2)]
    [InlineData(30, -1)]
    public void Finds_the_bucket_of_a_sample_by_binary_search(long ticks, int expected)
    {
        // Buckets [0,10) [10,20) [20,30); 30 is the end, so it and everything after is outside.
        Assert.Equal(expected, BucketAligner.FindBucket([0, 10, 20], 30, ticks));
    }

    [Fact]
    public void Unknown_zone_is_rejected_and_an_empty_zone_means_utc()
    {
        Assert.False(BucketAligner.TryCreate(new Granularity(1, GranularityUnit.Hour), "Mars/Olympus_Mons", out _));
        Assert.True(BucketAligner.TryCreate(new Granularity(1, GranularityUnit.Hour), "", out var aligner));
        Assert.Equal("2025-01-01T00:00:00Z", aligner.Format(Utc("2025-01-01T00:00:00Z")));
    }

    internal static long Utc(string iso) =>
        DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).UtcTicks;

    private static BucketAligner Aligner(string granularity, string zone)
    {
        Assert.True(Granularity.TryParse(granularity, out var parsed));
        Assert.True(BucketAligner.TryCreate(parsed, zone, out var aligner));
        return aligner;
    }
}
