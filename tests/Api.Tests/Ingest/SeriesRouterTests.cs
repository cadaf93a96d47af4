using Telemetry.Api.Ingest;
using Telemetry.Series;
using Xunit;

namespace Telemetry.Api.Tests.Ingest;

public sealed class SeriesRouterTests
{
    private const string Tenant = "acme";
    private static readonly SeriesLabels SkuA = Labels(("sku", "a"));
    private static readonly SeriesLabels SkuB = Labels(("sku", "b"));
    private static readonly SeriesLabels Overflow = Labels(("sku", "__overflow__"));

    [Fact]
    public void Samples_of_one_series_share_one_route()
    {
        var (routes, conflicts) = SeriesRouter.Group(Tenant, [Sample(0, SkuA, 1), Sample(1, SkuB, 2), Sample(2, SkuA, 3)]);

        Assert.Empty(conflicts);
        Assert.Equal(2, routes.Count);
        var a = Assert.Single(routes, r => r.Batch.Labels == SkuA);
        Assert.Equal(new[] { 0, 2 }, a.Indexes);
        Assert.Equal(new[] { 1.0, 3.0 }, a.Batch.Values);
    }

    [Fact]
    public void Routes_folded_into_one_series_are_merged_into_one_call()
    {
        var (routes, _) = SeriesRouter.Group(Tenant, [Sample(0, SkuA, 1), Sample(1, SkuB, 2), Sample(2, SkuA, 3), Sample(3, Labels(("sku", "c")), 4)]);
        var folded = routes.Select(r => r with { Batch = r.Batch with { Labels = Overflow } }).ToList();

        var merged = SeriesRouter.Merge(folded);

        var route = Assert.Single(merged);
        Assert.Equal(Overflow, route.Batch.Labels);
        Assert.Equal(new[] { 0, 2, 1, 3 }, route.Indexes);
        Assert.Equal(new[] { 1.0, 3.0, 2.0, 4.0 }, route.Batch.Values);
        Assert.Equal(route.Indexes.Length, route.Batch.Timestamps.Length);
    }

    [Fact]
    public void Merge_keeps_distinct_series_and_metrics_apart()
    {
        var (routes, _) = SeriesRouter.Group(Tenant, [Sample(0, SkuA, 1), Sample(1, SkuB, 2), Sample(2, SkuA, 3, metric: "orders.placed")]);

        var merged = SeriesRouter.Merge(routes);

        Assert.Equal(3, merged.Count);
        Assert.Equal(new[] { 0, 1, 2 }, merged.SelectMany(r => r.Indexes).Order());
    }

    private static ValidSample Sample(int index, SeriesLabels labels, double value, string metric = "inventory.on_hand") =>
        new(index, metric, MetricType.Gauge, value, 638_000_000_000_000_000 + index, labels, false);

    private static SeriesLabels Labels(params (string Key, string Value)[] pairs) =>
        new(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)));
}
