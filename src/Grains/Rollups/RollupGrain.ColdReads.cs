using System.Collections.Immutable;
using Telemetry.Query;
using Telemetry.Segments;
using Telemetry.Series;

namespace Telemetry.Rollups;

public sealed partial class RollupGrain
{
    async Task<ImmutableArray<ColdSeriesRead>> IRollupGrain.ReadColdAsync(ColdReadRequest request)
    {
        var read = request.Read;
        if (request.Series.IsDefaultOrEmpty || read.End <= read.Start)
        {
            return [];
        }

        var series = request.Series.ToDictionary(s => s.Hash);
        var from = read.Start - _options.PredecessorLookback.Ticks;
        var to = Math.Min(read.End, request.Series.Max(s => s.FlushedBefore));
        if (to <= read.Start)
        {
            return [];
        }

        var ids = request.Series.Select(s => SeriesKey.FormatId(s.Hash)).ToHashSet(StringComparer.Ordinal);
        var samples = new Dictionary<ulong, List<(long Timestamp, double Value)>>();
        // A copy: a commit may add to the catalog while this read awaits (the grain is reentrant).
        foreach (var segment in catalog.State.Overlapping(from, to).ToList())
        {
            await using var stream = await OpenSeekableAsync(segment.Path);
            foreach (var rows in await RawSegmentReader.ReadAsync(stream, ids, from, to))
            {
                if (!series.TryGetValue(rows.Labels.Hash, out var cold))
                {
                    continue;
                }

                if (!samples.TryGetValue(cold.Hash, out var list))
                {
                    samples[cold.Hash] = list = [];
                }

                for (var i = 0; i < rows.Timestamps.Length; i++)
                {
                    // Rows at or past FlushedBefore are also hot (a flush whose state write was lost): the hot copy counts.
                    if (rows.Timestamps[i] < cold.FlushedBefore)
                    {
                        list.Add((rows.Timestamps[i], rows.Values[i]));
                    }
                }
            }
        }

        var result = ImmutableArray.CreateBuilder<ColdSeriesRead>(samples.Count);
        foreach (var (hash, list) in samples.OrderBy(s => s.Key))
        {
            var partials = ColdWindow(list).Read(read, series[hash].ResetAware);
            if (!partials.Buckets.IsEmpty)
            {
                result.Add(new ColdSeriesRead(hash, partials));
            }
        }

        return result.ToImmutable();
    }

    /// <summary>
    /// The samples as a hot window would hold them, so cold partials are computed by the same code as hot ones.
    /// The sort is stable and the samples come in segment write order, so on equal timestamps (a replayed or
    /// corrected sample flushed twice) the later segment wins, as the hot window's last write would.
    /// </summary>
    private static HotWindow ColdWindow(List<(long Timestamp, double Value)> samples)
    {
        var window = new HotWindow(Math.Max(1, samples.Count));
        foreach (var (timestamp, value) in samples.OrderBy(s => s.Timestamp))
        {
            window.Add(timestamp, value);
        }

        return window;
    }

    private async Task<Stream> OpenSeekableAsync(string path)
    {
        var stream = await store.OpenReadAsync(path);
        if (stream.CanSeek)
        {
            return stream;
        }

        await using (stream)
        {
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            copy.Position = 0;
            return copy;
        }
    }
}
