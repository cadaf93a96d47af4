using System.Net;
using Xunit;

namespace Telemetry.Api.Tests.Http.Query;

/// <summary>
/// group_by and filters over four series of one gauge, one sample each at t0+1m, one 5m bucket, aggregation sum:
/// <code>
///   {loc=a, sku=x} → 1    {loc=a, sku=y} → 2    {loc=b, sku=x} → 4    {sku=x} (no loc) → 8
/// </code>
/// Each value is a distinct power of two, so every sum names exactly the series in it.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class GroupByAndFilterTests(TelemetryServer server)
{
    private const string Metric = "stock.on_hand";
    private readonly DateTimeOffset _t0 = Api.RecentBase();

    [Fact]
    public async Task No_group_by_sums_every_series()
    {
        var key = await IngestAsync();

        var series = Api.OnlySeries(await server.QueryOkAsync(key, Query()));

        Api.EqualValues([15], Api.Values(series));
    }

    [Fact]
    public async Task Group_by_one_key_puts_series_without_it_in_the_null_group_first()
    {
        var key = await IngestAsync();

        var result = await server.QueryOkAsync(key, Query(groupBy: ["loc"]));

        var series = Api.Series(result);
        Assert.Equal(["loc=null", "loc=a", "loc=b"], series.Select(Api.Group).ToArray());
        Assert.Equal([8.0, 3.0, 4.0], series.Select(s => Api.Values(s).Single()!.Value).ToArray());
    }

    [Fact]
    public async Task Group_by_two_keys()
    {
        var key = await IngestAsync();

        var result = await server.QueryOkAsync(key, Query(groupBy: ["loc", "sku"]));

        var series = Api.Series(result);
        Assert.Equal(["loc=null,sku=x", "loc=a,sku=x", "loc=a,sku=y", "loc=b,sku=x"], series.Select(Api.Group).ToArray());
        Assert.Equal([8.0, 1.0, 2.0, 4.0], series.Select(s => Api.Values(s).Single()!.Value).ToArray());
    }

    [Fact]
    public async Task Group_by_a_key_no_series_has_gives_one_null_group()
    {
        var key = await IngestAsync();

        var series = Api.OnlySeries(await server.QueryOkAsync(key, Query(groupBy: ["zone"])));

        Assert.Equal("zone=null", Api.Group(series));
        Api.EqualValues([15], Api.Values(series));
    }

    [Theory]
    [InlineData("""{"loc":"a"}""", 3.0)] // 1 + 2
    [InlineData("""{"loc":["a","b"]}""", 7.0)] // 1 + 2 + 4
    [InlineData("""{"sku":"x"}""", 13.0)] // 1 + 4 + 8
    [InlineData("""{"loc":"a","sku":"x"}""", 1.0)] // two keys intersect
    [InlineData("""{"loc":["a","b"],"sku":["x"]}""", 5.0)] // 1 + 4
    public async Task Filters_select_series(string filters, double sum)
    {
        var key = await IngestAsync();

        var result = await server.QueryOkAsync(key, Query(filters: System.Text.Json.JsonDocument.Parse(filters).RootElement));

        Api.EqualValues([sum], Api.Values(Api.OnlySeries(result)));
    }

    [Theory]
    [InlineData("""{"loc":"nowhere"}""")]
    [InlineData("""{"loc":"a","sku":"z"}""")]
    [InlineData("""{"color":"red"}""")]
    public async Task Filters_matching_nothing_give_no_series(string filters)
    {
        var key = await IngestAsync();

        var result = await server.QueryOkAsync(key, Query(filters: System.Text.Json.JsonDocument.Parse(filters).RootElement));

        Assert.Empty(Api.Series(result));
    }

    [Fact]
    public async Task Get_query_takes_repeated_filter_and_comma_separated_group_by()
    {
        var key = await IngestAsync();

        var path = $"{TelemetryServer.Base}/query?metric={Metric}&start={Api.Utc(_t0)}&end={Api.Utc(_t0.AddMinutes(5))}"
            + "&granularity=5m&aggregation=sum&filter=loc:a&filter=loc:b&group_by=loc,sku";
        using var response = await server.SendAsync(HttpMethod.Get, path, key.Key, key.Tenant);

        var result = await Api.JsonAsync(response, HttpStatusCode.OK);
        var series = Api.Series(result);
        Assert.Equal(["loc=a,sku=x", "loc=a,sku=y", "loc=b,sku=x"], series.Select(Api.Group).ToArray());
        Assert.Equal([1.0, 2.0, 4.0], series.Select(s => Api.Values(s).Single()!.Value).ToArray());
        Assert.Equal([Api.Utc(_t0)], Api.Times(series[0]));
    }

    [Fact]
    public async Task Get_query_with_filters_on_two_keys_intersects_them()
    {
        var key = await IngestAsync();

        var path = $"{TelemetryServer.Base}/query?metric={Metric}&start={Api.Utc(_t0)}&end={Api.Utc(_t0.AddMinutes(5))}"
            + "&granularity=5m&aggregation=sum&filter=sku:x&filter=loc:b";
        using var response = await server.SendAsync(HttpMethod.Get, path, key.Key, key.Tenant);

        Api.EqualValues([4], Api.Values(Api.OnlySeries(await Api.JsonAsync(response, HttpStatusCode.OK))));
    }

    private object Query(string[]? groupBy = null, object? filters = null) => new
    {
        metric = Metric,
        start = Api.Utc(_t0),
        end = Api.Utc(_t0.AddMinutes(5)),
        granularity = "5m",
        aggregation = "sum",
        group_by = groupBy,
        filters,
    };

    private async Task<TenantKey> IngestAsync()
    {
        var key = await server.NewTenantAsync();
        var at = _t0.AddMinutes(1);
        await server.IngestOkAsync(key, Api.Array(
            Api.Record(Metric, 1, at, new { loc = "a", sku = "x" }),
            Api.Record(Metric, 2, at, new { loc = "a", sku = "y" }),
            Api.Record(Metric, 4, at, new { loc = "b", sku = "x" }),
            Api.Record(Metric, 8, at, new { sku = "x" })));
        return key;
    }
}
