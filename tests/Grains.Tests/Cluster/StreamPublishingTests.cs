using System.Collections.Immutable;
using Telemetry.Alerts;
using Telemetry.Series;
using Telemetry.Streams;
using Xunit;
using static Telemetry.Tests.Cluster.Samples;

namespace Telemetry.Tests.Cluster;

/// <summary>Series grains publishing matches of live streams through the Orleans stream provider to the stream's feed.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StreamPublishingTests(ClusterFixture fixture)
{
    private const string Metric = "inventory.on_hand";

    private readonly string _tenant = "tenant-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Replayed_batches_are_not_published_and_live_ones_are()
    {
        var stream = await CreateStreamAsync(StreamEmit.Every);
        var labels = Labels(("sku", "s1"), ("location_id", "loc_1"));
        var series = fixture.Client.GetGrain<ISeriesGrain>(SeriesKey.ForSeries(_tenant, Metric, labels.Hash));
        var now = fixture.Time.GetUtcNow().UtcTicks;

        await series.AppendAsync(Batch(_tenant, Metric, MetricType.Gauge, labels, (now - Minutes(2), 1)) with { Replayed = true });
        await series.AppendAsync(Batch(_tenant, Metric, MetricType.Gauge, labels, (now - Minutes(1), 2), (now - Seconds(30), 50)));

        var events = await EventsAsync(stream, count: 1);
        var only = Assert.Single(events);
        Assert.Equal(2, only.Value);
        Assert.Equal(now - Minutes(1), only.TimestampTicks);
        Assert.Equal(labels, only.Dimensions);
    }

    [Fact]
    public async Task Series_outside_the_dimension_filter_publish_nothing()
    {
        var stream = await CreateStreamAsync(StreamEmit.Every);
        var elsewhere = Labels(("sku", "s1"), ("location_id", "loc_9"));
        var inside = Labels(("sku", "s2"), ("location_id", "loc_1"));
        var now = fixture.Time.GetUtcNow().UtcTicks;

        await fixture.Client.GetGrain<ISeriesGrain>(SeriesKey.ForSeries(_tenant, Metric, elsewhere.Hash))
            .AppendAsync(Batch(_tenant, Metric, MetricType.Gauge, elsewhere, (now - Minutes(1), 1)));
        await fixture.Client.GetGrain<ISeriesGrain>(SeriesKey.ForSeries(_tenant, Metric, inside.Hash))
            .AppendAsync(Batch(_tenant, Metric, MetricType.Gauge, inside, (now - Minutes(1), 3)));

        Assert.Equal(inside, Assert.Single(await EventsAsync(stream, count: 1)).Dimensions);
    }

    private async Task<StreamDefinition> CreateStreamAsync(StreamEmit emit)
    {
        var filter = new StreamFilter(
            Metric,
            ComparisonOperator.LessThan,
            10,
            ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("location_id", ImmutableArray.Create("loc_1"))]));
        var created = await fixture.Client.GetGrain<IStreamRegistryGrain>(_tenant)
            .CreateAsync(new StreamSpec("low stock", filter, StreamTransport.Sse, emit, null), maxStreams: 10);
        return Assert.IsType<StreamDefinition>(created);
    }

    /// <summary>Waits until the feed has numbered <paramref name="count"/> events and returns its buffer.</summary>
    private async Task<ImmutableArray<StreamEvent>> EventsAsync(StreamDefinition stream, int count)
    {
        var feed = fixture.Client.GetGrain<IStreamFeedGrain>(StreamNames.FeedKey(_tenant, stream.Id));
        // The stream provider's pulling agents run on the cluster's fake clock: move it along while waiting.
        for (var i = 0; i < 1000 && (await feed.GetStatsAsync()).Events < count; i++)
        {
            fixture.Time.Advance(TimeSpan.FromMilliseconds(20));
            await Task.Delay(10);
        }

        // Anything published after those would have come in the same Orleans stream behind them.
        for (var i = 0; i < 20; i++)
        {
            fixture.Time.Advance(TimeSpan.FromMilliseconds(20));
            await Task.Delay(10);
        }

        return (await feed.ReplayAsync(0)).Events;
    }
}
