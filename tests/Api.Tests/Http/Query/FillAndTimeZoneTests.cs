using System.Globalization;
using Xunit;

namespace Telemetry.Api.Tests.Http.Query;

[Collection(ServerCollection.Name)]
public sealed class FillAndTimeZoneTests(TelemetryServer server)
{
    private readonly DateTimeOffset _t0 = Api.RecentBase();

    /// <remarks>One series, samples at t0+1m → 5 and t0+3m → 7; 1m buckets over [t0, t0+5m).</remarks>
    [Theory]
    [InlineData("null", new[] { "null", "5", "null", "7", "null" })]
    [InlineData("zero", new[] { "0", "5", "0", "7", "0" })]
    [InlineData("previous", new[] { "null", "5", "5", "7", "7" })]
    public async Task Fill_modes_keep_every_bucket(string fill, string[] expected)
    {
        var key = await IngestGappyAsync();

        var series = Api.OnlySeries(await server.QueryOkAsync(key, GappyQuery(fill)));

        Assert.Equal(fill, (await server.QueryOkAsync(key, GappyQuery(fill))).GetProperty("fill").GetString());
        Assert.Equal([.. Enumerable.Range(0, 5).Select(i => Api.Utc(_t0.AddMinutes(i)))], Api.Times(series));
        Api.EqualValues([.. expected.Select(e => e == "null" ? (double?)null : double.Parse(e, CultureInfo.InvariantCulture))], Api.Values(series));
    }

    [Fact]
    public async Task Fill_null_is_the_default_and_writes_v_null_explicitly()
    {
        var key = await IngestGappyAsync();

        var result = await server.QueryOkAsync(key, GappyQuery(fill: null));

        Assert.Equal("null", result.GetProperty("fill").GetString());
        var first = Api.OnlySeries(result).GetProperty("points")[0];
        Assert.Equal(System.Text.Json.JsonValueKind.Null, first.GetProperty("v").ValueKind);
    }

    [Fact]
    public async Task Fill_none_omits_empty_buckets()
    {
        var key = await IngestGappyAsync();

        var series = Api.OnlySeries(await server.QueryOkAsync(key, GappyQuery("none")));

        Assert.Equal([Api.Utc(_t0.AddMinutes(1)), Api.Utc(_t0.AddMinutes(3))], Api.Times(series));
        Api.EqualValues([5, 7], Api.Values(series));
    }

    [Fact]
    public async Task Hour_buckets_in_Asia_Kolkata_start_at_half_past_the_UTC_hour_and_print_the_zone_offset()
    {
        // t0 is a UTC hh:30, so a Kolkata (+05:30) hour boundary, 1.5 to 2.5 hours ago.
        var t0 = Api.RecentBase(alignMinutes: 60, minutesBack: 150).AddMinutes(30);
        var key = await server.NewTenantAsync();
        await server.IngestOkAsync(key, Api.Array(
            Api.Record("dock.doors_open", 1, t0.AddMinutes(10)),
            Api.Record("dock.doors_open", 2, t0.AddMinutes(29)),
            Api.Record("dock.doors_open", 4, t0.AddMinutes(31)), // 1h bucket [t0, t0+1h) still: 1 + 2 + 4
            Api.Record("dock.doors_open", 8, t0.AddMinutes(70))));

        // Start mid-bucket (t0+5m, a UTC hh:35): buckets still align to Kolkata's wall clock, so the first starts at t0.
        var result = await server.QueryOkAsync(key, new
        {
            metric = "dock.doors_open",
            start = Api.Utc(t0.AddMinutes(5)),
            end = Api.Utc(t0.AddMinutes(120)),
            granularity = "1h",
            aggregation = "sum",
            timezone = "Asia/Kolkata",
        });

        Assert.Equal("Asia/Kolkata", result.GetProperty("timezone").GetString());
        var series = Api.OnlySeries(result);
        var kolkata = TimeSpan.FromMinutes(330);
        string[] expected = [Local(t0, kolkata), Local(t0.AddHours(1), kolkata)];
        Assert.Equal(expected, Api.Times(series));
        Assert.All(expected, t => Assert.EndsWith(":00:00+05:30", t));
        Api.EqualValues([7, 8], Api.Values(series));
    }

    [Fact]
    public async Task Day_buckets_start_at_local_midnight_of_the_zone()
    {
        // America/St_Johns is UTC−03:30 (−02:30 in summer): its midnights are never at a whole UTC hour.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/St_Johns");
        var at = Api.RecentBase(alignMinutes: 1, minutesBack: 10);
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var midnight = new DateTimeOffset(local.Date, zone.GetUtcOffset(local.Date));
        var key = await server.NewTenantAsync();
        await server.IngestOkAsync(key, Api.Array(Api.Record("dock.doors_open", 3, at)));

        var result = await server.QueryOkAsync(key, new
        {
            metric = "dock.doors_open",
            start = Api.Utc(at),
            end = Api.Utc(at.AddMinutes(1)),
            granularity = "1d",
            aggregation = "max",
            timezone = "America/St_Johns",
        });

        var series = Api.OnlySeries(result);
        Assert.Equal([Local(midnight, midnight.Offset)], Api.Times(series));
        Assert.Contains("T00:00:00-0", Api.Times(series)[0]);
        Api.EqualValues([3], Api.Values(series));
    }

    private static string Local(DateTimeOffset instant, TimeSpan offset)
    {
        var local = instant.ToOffset(offset);
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + sign + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
    }

    private object GappyQuery(string? fill) => new
    {
        metric = "dock.queue_length",
        start = Api.Utc(_t0),
        end = Api.Utc(_t0.AddMinutes(5)),
        granularity = "1m",
        aggregation = "max",
        fill,
    };

    private async Task<TenantKey> IngestGappyAsync()
    {
        var key = await server.NewTenantAsync();
        await server.IngestOkAsync(key, Api.Array(
            Api.Record("dock.queue_length", 5, _t0.AddMinutes(1)),
            Api.Record("dock.queue_length", 7, _t0.AddMinutes(3))));
        return key;
    }
}
