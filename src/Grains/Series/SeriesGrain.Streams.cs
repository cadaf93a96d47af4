using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Telemetry.Streams;

namespace Telemetry.Series;

/// <summary>
/// Live streams (issue #6): the batch just applied is matched against the tenant's stream definitions held by this
/// silo's <see cref="StreamDefinitionCache"/>, and the matching samples are published on the stream's Orleans stream,
/// one message per stream per batch. A batch no stream matches costs a dictionary lookup and no grain call.
/// Replayed batches only move the crossing state: they were live before the restart.
/// </summary>
public sealed partial class SeriesGrain
{
    private Dictionary<string, StreamWatch>? _streamWatches;

    /// <summary>Live events never fail an append: the samples are stored; a stream that could not be matched is logged.</summary>
    private async Task PublishStreamMatchesAsync(SeriesBatch batch)
    {
        try
        {
            await MatchStreamsAsync(batch);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Live streams of series {Series} could not be matched on a batch.", this.GetPrimaryKeyString());
        }
    }

    private async Task MatchStreamsAsync(SeriesBatch batch)
    {
        var tenantStreams = await streamDefinitions.GetAsync(batch.TenantId);
        if (_streamWatches is { } watches && watches.Count > tenantStreams.ById.Count)
        {
            // Streams were deleted since: forget their state (a changed stream starts afresh through its revision).
            foreach (var id in watches.Keys.Where(id => !tenantStreams.ById.ContainsKey(id)).ToList())
            {
                watches.Remove(id);
            }
        }

        var streams = tenantStreams.ForMetric(batch.Metric);
        if (streams.IsEmpty || batch.Timestamps.IsEmpty)
        {
            return;
        }

        int[]? order = null;
        List<Task>? publishing = null;
        foreach (var definition in streams)
        {
            var watch = WatchOf(definition, batch.Labels);
            if (!watch.SeriesMatches)
            {
                continue;
            }

            order ??= TimeOrder(batch.Timestamps);
            var matches = watch.Match(definition, batch, order);
            if (matches is null || batch.Replayed)
            {
                continue;
            }

            (publishing ??= []).Add(PublishAsync(StreamNames.FeedKey(batch.TenantId, definition.Id), matches));
        }

        if (publishing is not null)
        {
            await Task.WhenAll(publishing);
        }
    }

    private async Task PublishAsync(string key, StreamMatchBatch matches)
    {
        try
        {
            await this.GetStreamProvider(StreamNames.Provider)
                .GetStream<StreamMatchBatch>(StreamId.Create(StreamNames.MatchNamespace, key))
                .OnNextAsync(matches with { PublishedAtTicks = time.GetUtcNow().UtcTicks });
        }
        catch (Exception e)
        {
            // A live event is best effort: the samples are stored either way.
            logger.LogWarning(e, "Publishing matches of {Series} to stream {Stream} failed.", this.GetPrimaryKeyString(), key);
        }
    }

    private StreamWatch WatchOf(StreamDefinition definition, SeriesLabels labels)
    {
        _streamWatches ??= new Dictionary<string, StreamWatch>(StringComparer.Ordinal);
        if (!_streamWatches.TryGetValue(definition.Id, out var watch) || watch.Revision != definition.Revision)
        {
            watch = new StreamWatch(definition.Revision, StreamMatcher.MatchesSeries(definition.Spec.Filter, labels));
            _streamWatches[definition.Id] = watch;
        }

        return watch;
    }

    private static int[] TimeOrder(ImmutableArray<long> timestamps)
    {
        var order = new int[timestamps.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var sorted = true;
        for (var i = 1; i < timestamps.Length && sorted; i++)
        {
            sorted = timestamps[i] >= timestamps[i - 1];
        }

        if (!sorted)
        {
            var keys = timestamps.ToArray();
            Array.Sort(keys, order);
        }

        return order;
    }

    /// <summary>One stream as seen by this series: whether the series matches, and for crossings, whether the condition held.</summary>
    private sealed class StreamWatch(int revision, bool seriesMatches)
    {
        public int Revision { get; } = revision;

        public bool SeriesMatches { get; } = seriesMatches;

        private bool? _holding;
        private long _lastTimestamp = long.MinValue;

        /// <summary>The samples that become events (in time order), or null when none does.</summary>
        public StreamMatchBatch? Match(StreamDefinition definition, SeriesBatch batch, int[] order)
        {
            var filter = definition.Spec.Filter;
            var crossing = definition.Spec.Emit == StreamEmit.Crossing;
            ImmutableArray<long>.Builder? timestamps = null;
            ImmutableArray<double>.Builder? values = null;
            ImmutableArray<StreamCrossing>.Builder? crossings = null;
            foreach (var i in order)
            {
                var (timestamp, value) = (batch.Timestamps[i], batch.Values[i]);
                var holds = StreamMatcher.Holds(filter, value);
                var kind = StreamCrossing.None;
                if (crossing)
                {
                    // A sample older than the newest one seen cannot start or end a crossing.
                    if (timestamp < _lastTimestamp)
                    {
                        continue;
                    }

                    _lastTimestamp = timestamp;
                    var before = _holding;
                    _holding = holds;
                    if (before == holds || (before is null && !holds))
                    {
                        continue;
                    }

                    kind = holds ? StreamCrossing.Entered : StreamCrossing.Left;
                }
                else if (!holds)
                {
                    continue;
                }

                (timestamps ??= ImmutableArray.CreateBuilder<long>()).Add(timestamp);
                (values ??= ImmutableArray.CreateBuilder<double>()).Add(value);
                (crossings ??= ImmutableArray.CreateBuilder<StreamCrossing>()).Add(kind);
            }

            return timestamps is null
                ? null
                : new StreamMatchBatch(batch.Metric, batch.Labels, timestamps.ToImmutable(), values!.ToImmutable(), crossings!.ToImmutable(), Revision, 0);
        }
    }
}
