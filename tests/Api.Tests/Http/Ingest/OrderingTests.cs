using Xunit;

namespace Telemetry.Api.Tests.Http.Ingest;

/// <summary>Late samples land in time order; the same (series, timestamp) twice keeps the last value written.</summary>
[Collection(ServerCollection.Name)]
public sealed class OrderingTests(TelemetryServer server)
{
    private const string Metric = "conveyor.speed";
    private readonly DateTimeOffset _t0 = Api.RecentBase();

    [Fact]
    public async Task Out_of_order_samples_across_requests_are_read_in_time_order()
    {
        var key = await server.NewTenantAsync();
        await server.IngestOkAsync(key, Api.Array(Api.Record(Metric, 3, _t0.AddMinutes(3))));
        await server.IngestOkAsync(key, Api.Array(Api.Record(Metric, 1, _t0.AddMinutes(1))));
        await server.IngestOkAsync(key, Api.Array(Api.Record(Metric, 2, _t0.AddMinutes(2)), Api.Record(Metric, 0, _t0)));

        // 1m buckets: 0, 1, 2, 3, then nothing at 4m.
        var perMinute = Api.OnlySeries(await server.QueryOkAsync(key, Query("1m", "max")));
        Api.EqualValues([0, 1, 2, 3, null], Api.Values(perMinute));

        // "last" is the latest timestamp (3 at 3m), not the latest arrival (0 at 0m).
        var last = Api.OnlySeries(await server.QueryOkAsync(key, Query("5m", "last")));
        Api.EqualValues([3], Api.Values(last));
    }

    [Fact]
    public async Task Same_timestamp_in_a_later_request_replaces_the_value()
    {
        var key = await server.NewTenantAsync();
        await server.IngestOkAsync(key, Api.Array(Api.Record(Metric, 2, _t0.AddMinutes(2)), Api.Record(Metric, 3, _t0.AddMinutes(3))));
        await server.IngestOkAsync(key, Api.Array(Api.Record(Metric, 20, _t0.AddMinutes(2))));

        // Two samples, not three: count 2, sum 20 + 3.
        Api.EqualValues([2], Api.Values(Api.OnlySeries(await server.QueryOkAsync(key, Query("5m", "count")))));
        Api.EqualValues([23], Api.Values(Api.OnlySeries(await server.QueryOkAsync(key, Query("5m", "sum")))));
    }

    [Fact]
    public async Task Same_timestamp_twice_in_one_request_keeps_the_later_record()
    {
        var key = await server.NewTenantAsync();
        await server.IngestOkAsync(key, Api.Array(
            Api.Record(Metric, 1, _t0.AddMinutes(4)),
            Api.Record(Metric, 5, _t0.AddMinutes(1)),
            Api.Record(Metric, 9, _t0.AddMinutes(4))));

        // Samples at 1m → 5 and 4m → 9: count 2, sum 14, min 5.
        Api.EqualValues([2], Api.Values(Api.OnlySeries(await server.QueryOkAsync(key, Query("5m", "count")))));
        Api.EqualValues([14], Api.Values(Api.OnlySeries(await server.QueryOkAsync(key, Query("5m", "sum")))));
        Api.EqualValues([5], Api.Values(Api.OnlySeries(await server.QueryOkAsync(key, Query("5m", "min")))));
    }

    private object Query(string granularity, string aggregation) => new
    {
        metric = Metric,
        start = Api.Utc(_t0),
        end = Api.Utc(_t0.AddMinutes(5)),
        granularity,
        aggregation,
    };
}
