using Xunit;

namespace Telemetry.Api.Tests.Http.Query;

/// <summary>
/// Ingest → query round trips for every aggregation and rollup, over three gauge series in 5m buckets.
/// </summary>
/// <remarks>
/// Samples (minutes after <c>t0</c>; buckets [0,5), [5,10), [10,15)):
/// <code>
///   loc=a:  0m → 2,  1m → 1,  5m → 10
///   loc=b:  2m → 3,  3m → 4,  6m → 20
///   loc=c:  4m → 10,          7m → 30
/// </code>
/// Bucket 0 holds 2,1,3,4,10 (sorted 1,2,3,4,10); bucket 1 holds 10,20,30; bucket 2 is empty.
/// </remarks>
[Collection(ServerCollection.Name)]
public sealed class AggregationTests(TelemetryServer server)
{
    private const string Metric = "warehouse.temperature";
    private readonly DateTimeOffset _t0 = Api.RecentBase();

    // Percentiles, R-7: h = (n − 1)·p, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌈h⌉] − x[⌊h⌋]).
    //   bucket 0, n=5: p50 h=2 → 3; p90 h=3.6 → 4 + 0.6·6 = 7.6; p95 h=3.8 → 4 + 0.8·6 = 8.8; p99 h=3.96 → 4 + 0.96·6 = 9.76
    //   bucket 1, n=3: p50 h=1 → 20; p90 h=1.8 → 20 + 0.8·10 = 28; p95 h=1.9 → 29; p99 h=1.98 → 29.8
    [Theory]
    [InlineData("sum", 20.0, 60.0)] // 2+1+3+4+10; 10+20+30
    [InlineData("avg", 4.0, 20.0)] // 20/5; 60/3
    [InlineData("min", 1.0, 10.0)]
    [InlineData("max", 10.0, 30.0)]
    [InlineData("count", 5.0, 3.0)]
    [InlineData("last", 10.0, 30.0)] // latest sample: loc=c at 4m; loc=c at 7m
    [InlineData("p50", 3.0, 20.0)]
    [InlineData("p90", 7.6, 28.0)]
    [InlineData("p95", 8.8, 29.0)]
    [InlineData("p99", 9.76, 29.8)]
    public async Task Aggregation_over_raw_samples(string aggregation, double bucket0, double bucket1)
    {
        var key = await IngestSamplesAsync();

        var result = await server.QueryOkAsync(key, Query(aggregation));

        Assert.Equal(aggregation, result.GetProperty("aggregation").GetString());
        Assert.False(result.TryGetProperty("rollup", out _));
        var series = Api.OnlySeries(result);
        Assert.Empty(series.GetProperty("group").EnumerateObject());
        Assert.Equal([Api.Utc(_t0), Api.Utc(_t0.AddMinutes(5)), Api.Utc(_t0.AddMinutes(10))], Api.Times(series));
        Api.EqualValues([bucket0, bucket1, null], Api.Values(series));
    }

    // Per-series values in bucket 0: a = {2,1}, b = {3,4}, c = {10}; in bucket 1 each series has one sample: 10, 20, 30.
    [Theory]
    [InlineData("avg", "sum", 15.0, 60.0)] // 1.5 + 3.5 + 10
    [InlineData("avg", "count", 3.0, 3.0)] // count after a rollup counts series with a value
    [InlineData("sum", "min", 3.0, 10.0)] // min(3, 7, 10)
    [InlineData("sum", "avg", 20.0 / 3, 20.0)] // (3 + 7 + 10) / 3
    [InlineData("max", "sum", 16.0, 60.0)] // 2 + 4 + 10
    [InlineData("min", "max", 10.0, 30.0)] // max(1, 3, 10)
    [InlineData("last", "min", 1.0, 10.0)] // min(1, 4, 10): a's last is 1, not its max 2
    [InlineData("last", "sum", 15.0, 60.0)] // 1 + 4 + 10
    [InlineData("count", "sum", 5.0, 3.0)] // 2 + 2 + 1
    [InlineData("count", "max", 2.0, 1.0)]
    [InlineData("avg", "p50", 3.5, 20.0)] // median of 1.5, 3.5, 10
    public async Task Rollup_per_series_then_aggregation(string rollup, string aggregation, double bucket0, double bucket1)
    {
        var key = await IngestSamplesAsync();

        var result = await server.QueryOkAsync(key, Query(aggregation, rollup));

        Assert.Equal(rollup, result.GetProperty("rollup").GetString());
        Api.EqualValues([bucket0, bucket1, null], Api.Values(Api.OnlySeries(result)));
    }

    /// <remarks>
    /// Counter pickups{line=1}: 0m → 100, 1m → 110, 2m → 125, 3m → 5 (reset), 4m → 15, 5m → 20, 6m → 30.
    /// Steps: +10, +15, +5 (a reset counts the new value), +10 | +5, +10. Increase: bucket 0 = 40, bucket 1 = 15.
    /// Counter pickups{line=2}: 0m → 0, 4m → 60: increase 60 in bucket 0, nothing in bucket 1.
    /// Rate = increase / 300 s.
    /// </remarks>
    [Theory]
    [InlineData("increase", "sum", 100.0, 15.0)] // 40 + 60; 15
    [InlineData("increase", "max", 60.0, 15.0)]
    [InlineData("rate", "sum", 100.0 / 300, 15.0 / 300)]
    [InlineData("rate", "min", 40.0 / 300, 15.0 / 300)]
    public async Task Increase_and_rate_of_a_counter_with_a_reset(string rollup, string aggregation, double bucket0, double bucket1)
    {
        var key = await server.NewTenantAsync();
        double[] line1 = [100, 110, 125, 5, 15, 20, 30];
        var records = line1.Select((v, i) => Api.Record("pickups", v, _t0.AddMinutes(i), new { line = "1" }, "counter"))
            .Append(Api.Record("pickups", 0, _t0, new { line = "2" }, "counter"))
            .Append(Api.Record("pickups", 60, _t0.AddMinutes(4), new { line = "2" }, "counter"));
        await server.IngestOkAsync(key, Api.Array([.. records]));

        var result = await server.QueryOkAsync(key, new
        {
            metric = "pickups",
            start = Api.Utc(_t0),
            end = Api.Utc(_t0.AddMinutes(10)),
            granularity = "5m",
            aggregation,
            rollup,
        });

        Api.EqualValues([bucket0, bucket1], Api.Values(Api.OnlySeries(result)));
    }

    [Fact]
    public async Task Rate_uses_the_part_of_the_bucket_inside_the_query_range()
    {
        // Query [t0+2m, t0+5m): one 5m bucket starting at t0 but only 180 s of it in range.
        // In range: 125 (step +15 from 110 at 1m), 5 (reset, +5), 15 (+10) → increase 30, rate 30 / 180.
        var key = await server.NewTenantAsync();
        double[] values = [100, 110, 125, 5, 15];
        await server.IngestOkAsync(key, Api.Array([.. values.Select((v, i) => Api.Record("pickups", v, _t0.AddMinutes(i), type: "counter"))]));

        var result = await server.QueryOkAsync(key, new
        {
            metric = "pickups",
            start = Api.Utc(_t0.AddMinutes(2)),
            end = Api.Utc(_t0.AddMinutes(5)),
            granularity = "5m",
            aggregation = "sum",
            rollup = "rate",
        });

        var series = Api.OnlySeries(result);
        Assert.Equal([Api.Utc(_t0)], Api.Times(series));
        Api.EqualValues([30.0 / 180], Api.Values(series));
    }

    private object Query(string aggregation, string? rollup = null) => new
    {
        metric = Metric,
        start = Api.Utc(_t0),
        end = Api.Utc(_t0.AddMinutes(15)),
        granularity = "5m",
        aggregation,
        rollup,
    };

    private async Task<TenantKey> IngestSamplesAsync()
    {
        var key = await server.NewTenantAsync();
        await server.IngestOkAsync(key, Api.Array(
            Api.Record(Metric, 2, _t0, new { loc = "a" }),
            Api.Record(Metric, 1, _t0.AddMinutes(1), new { loc = "a" }),
            Api.Record(Metric, 10, _t0.AddMinutes(5), new { loc = "a" }),
            Api.Record(Metric, 3, _t0.AddMinutes(2), new { loc = "b" }),
            Api.Record(Metric, 4, _t0.AddMinutes(3), new { loc = "b" }),
            Api.Record(Metric, 20, _t0.AddMinutes(6), new { loc = "b" }),
            Api.Record(Metric, 10, _t0.AddMinutes(4), new { loc = "c" }),
            Api.Record(Metric, 30, _t0.AddMinutes(7), new { loc = "c" })));
        return key;
    }
}
