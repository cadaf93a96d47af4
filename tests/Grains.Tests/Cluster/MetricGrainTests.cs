using System.Collections.Immutable;
using Telemetry.Schema;
using Telemetry.Series;
using Xunit;
using static Telemetry.Tests.Cluster.Samples;

namespace Telemetry.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class MetricGrainTests(ClusterFixture fixture)
{
    private static readonly SeriesLabels EuA = Labels(("host", "a"), ("region", "eu"));
    private static readonly SeriesLabels EuB = Labels(("host", "b"), ("region", "eu"));
    private static readonly SeriesLabels UsC = Labels(("host", "c"), ("region", "us"));
    private static readonly SeriesLabels UsA = Labels(("host", "a"), ("region", "us"));

    private static readonly TenantSettings Lenient = new(EnforcementMode.Lenient, null, null, 0);

    private readonly IMetricGrain _metric = fixture.Client.GetGrain<IMetricGrain>(
        SeriesKey.ForMetric("tenant-" + Guid.NewGuid().ToString("N"), "cpu.load"));

    [Fact]
    public async Task Without_filters_every_registered_series_is_found()
    {
        await RegisterAsync(EuA, EuB, UsC, UsA);

        Assert.Equal(Sorted(EuA, EuB, UsC, UsA), Sorted(await _metric.FindSeriesAsync([])));
    }

    [Fact]
    public async Task The_values_of_one_filter_are_alternatives()
    {
        await RegisterAsync(EuA, EuB, UsC, UsA);

        var found = await _metric.FindSeriesAsync([Filter("host", "a", "b")]);

        Assert.Equal(Sorted(EuA, EuB, UsA), Sorted(found));
    }

    [Fact]
    public async Task Several_filters_must_all_match()
    {
        await RegisterAsync(EuA, EuB, UsC, UsA);

        var found = await _metric.FindSeriesAsync([Filter("host", "a", "b"), Filter("region", "eu")]);

        Assert.Equal(Sorted(EuA, EuB), Sorted(found));
    }

    [Fact]
    public async Task A_filter_on_an_unknown_key_or_value_finds_nothing()
    {
        await RegisterAsync(EuA, UsC);

        Assert.Empty(await _metric.FindSeriesAsync([Filter("zone", "eu")]));
        Assert.Empty(await _metric.FindSeriesAsync([Filter("host", "z")]));
        Assert.Empty(await _metric.FindSeriesAsync([Filter("host", "a"), Filter("region", "us", "apac")]));
    }

    [Fact]
    public async Task Found_series_carry_their_hash_labels_and_type()
    {
        await RegisterAsync(EuA);

        var entry = Assert.Single(await _metric.FindSeriesAsync([]));

        Assert.Equal(new SeriesEntry(EuA.Hash, EuA, MetricType.Gauge), entry);
    }

    [Fact]
    public async Task Registering_a_series_again_keeps_one_entry()
    {
        await RegisterAsync(EuA);

        var again = await _metric.AdmitAsync(MetricType.Gauge, [EuA], Lenient, dryRun: false);

        Assert.True(Assert.Single(again.Verdicts).Admitted);
        Assert.Single(await _metric.FindSeriesAsync([]));
    }

    [Fact]
    public async Task The_metric_type_is_unknown_until_the_first_series_fixes_it()
    {
        Assert.Null(await _metric.GetMetricTypeAsync());

        await _metric.AdmitAsync(MetricType.Counter, [EuA], Lenient, dryRun: false);
        var conflict = await _metric.AdmitAsync(MetricType.Gauge, [EuB], Lenient, dryRun: false);

        Assert.Equal(MetricType.Counter, await _metric.GetMetricTypeAsync());
        Assert.Equal("type_conflict", Assert.Single(conflict.Verdicts).RejectCode);
        Assert.Equal(MetricType.Counter, conflict.Schema!.Type);
    }

    [Fact]
    public async Task The_index_and_type_survive_deactivation()
    {
        await RegisterAsync(EuA, UsC);

        await fixture.Cluster.DeactivateAsync(_metric);

        Assert.Equal(MetricType.Gauge, await _metric.GetMetricTypeAsync());
        Assert.Equal(Sorted(EuA), Sorted(await _metric.FindSeriesAsync([Filter("region", "eu")])));
    }

    private async Task RegisterAsync(params SeriesLabels[] series)
    {
        foreach (var labels in series)
        {
            Assert.True(Assert.Single((await _metric.AdmitAsync(MetricType.Gauge, [labels], Lenient, dryRun: false)).Verdicts).Admitted);
        }
    }

    private static DimensionFilter Filter(string key, params string[] values) => new(key, [.. values]);

    private static string[] Sorted(params SeriesLabels[] series) => [.. series.Select(s => s.ToString()).Order(StringComparer.Ordinal)];

    private static string[] Sorted(ImmutableArray<SeriesEntry> found) => Sorted([.. found.Select(e => e.Labels)]);
}
