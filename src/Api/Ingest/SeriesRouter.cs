using System.Runtime.InteropServices;
using Telemetry.Series;

namespace Telemetry.Api.Ingest;

/// <summary>
/// Groups a request's valid samples by series so that each series gets exactly one grain call. Within one
/// series every sample must share the first sample's type; the others are rejected as a type conflict.
/// </summary>
public static class SeriesRouter
{
    public sealed record Route(SeriesBatch Batch, int[] Indexes);

    public static (List<Route> Routes, List<IngestError> Conflicts) Group(string tenantId, IEnumerable<ValidSample> samples)
    {
        // One pass, no list per series: each series keeps its first sample's position, and each sample the position
        // of the next one of its series (most series have a single sample per request).
        var all = samples as IReadOnlyList<ValidSample> ?? [.. samples];
        var first = new Dictionary<(string Metric, ulong Hash), SeriesChain>(all.Count);
        var next = new int[all.Count];
        for (var i = 0; i < all.Count; i++)
        {
            next[i] = -1;
            ref var chain = ref CollectionsMarshal.GetValueRefOrAddDefault(first, (all[i].Metric, all[i].Labels.Hash), out var exists);
            if (exists)
            {
                next[chain.Last] = i;
                chain = chain with { Last = i, Count = chain.Count + 1 };
            }
            else
            {
                chain = new SeriesChain(i, i, 1);
            }
        }

        var routes = new List<Route>(first.Count);
        var conflicts = new List<IngestError>();
        foreach (var chain in first.Values)
        {
            routes.Add(ToRoute(tenantId, all, next, chain, conflicts));
        }

        return (routes, conflicts);
    }

    /// <summary>One series' samples as a batch; the samples not of the first sample's type become type conflicts.</summary>
    private static Route ToRoute(string tenantId, IReadOnlyList<ValidSample> all, int[] next, SeriesChain chain, List<IngestError> conflicts)
    {
        var head = all[chain.First];
        var timestamps = new long[chain.Count];
        var values = new double[chain.Count];
        var indexes = new int[chain.Count];
        var kept = 0;
        for (var i = chain.First; i >= 0; i = next[i])
        {
            var sample = all[i];
            if (sample.Type != head.Type)
            {
                conflicts.Add(new IngestError(
                    sample.Index,
                    "type_conflict",
                    $"Record {sample.Index} is a {Name(sample.Type)} but earlier records of the same series are {Name(head.Type)}s."));
                continue;
            }

            (timestamps[kept], values[kept], indexes[kept]) = (sample.TimestampUtcTicks, sample.Value, sample.Index);
            kept++;
        }

        return new Route(
            new SeriesBatch(
                tenantId,
                head.Metric,
                head.Type,
                head.Labels,
                ImmutableCollectionsMarshal.AsImmutableArray(kept == chain.Count ? timestamps : timestamps[..kept]),
                ImmutableCollectionsMarshal.AsImmutableArray(kept == chain.Count ? values : values[..kept])),
            kept == chain.Count ? indexes : indexes[..kept]);
    }

    /// <summary>Where one series' samples are in the request: first and last position, and how many.</summary>
    private readonly record struct SeriesChain(int First, int Last, int Count);

    /// <summary>
    /// Joins routes that ended up with the same series (an overflow dimension folds several candidates
    /// into one <c>__overflow__</c> series), so that each series still gets one call.
    /// </summary>
    public static List<Route> Merge(List<Route> routes)
    {
        var merged = new Dictionary<(string Metric, ulong Hash), Route>();
        foreach (var route in routes)
        {
            var key = (route.Batch.Metric, route.Batch.Labels.Hash);
            merged[key] = merged.TryGetValue(key, out var existing)
                ? new Route(
                    existing.Batch with
                    {
                        Timestamps = existing.Batch.Timestamps.AddRange(route.Batch.Timestamps),
                        Values = existing.Batch.Values.AddRange(route.Batch.Values),
                    },
                    [.. existing.Indexes, .. route.Indexes])
                : route;
        }

        return [.. merged.Values];
    }

    private static string Name(MetricType type) => type.ToString().ToLowerInvariant();
}
