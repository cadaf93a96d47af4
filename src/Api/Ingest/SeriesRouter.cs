using System.Collections.Immutable;
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
        var groups = new Dictionary<(string Metric, ulong Hash), List<ValidSample>>();
        foreach (var sample in samples)
        {
            var key = (sample.Metric, sample.Labels.Hash);
            if (!groups.TryGetValue(key, out var list))
            {
                groups[key] = list = [];
            }

            list.Add(sample);
        }

        var routes = new List<Route>(groups.Count);
        var conflicts = new List<IngestError>();
        foreach (var list in groups.Values)
        {
            var first = list[0];
            var kept = list.TrueForAll(s => s.Type == first.Type) ? list : WithoutConflicts(list, conflicts);
            var timestamps = new long[kept.Count];
            var values = new double[kept.Count];
            var indexes = new int[kept.Count];
            for (var i = 0; i < kept.Count; i++)
            {
                (timestamps[i], values[i], indexes[i]) = (kept[i].TimestampUtcTicks, kept[i].Value, kept[i].Index);
            }

            routes.Add(new Route(
                new SeriesBatch(
                    tenantId,
                    first.Metric,
                    first.Type,
                    first.Labels,
                    ImmutableCollectionsMarshal.AsImmutableArray(timestamps),
                    ImmutableCollectionsMarshal.AsImmutableArray(values)),
                indexes));
        }

        return (routes, conflicts);
    }

    /// <summary>The samples of the first sample's type; the others become type conflicts.</summary>
    private static List<ValidSample> WithoutConflicts(List<ValidSample> list, List<IngestError> conflicts)
    {
        var first = list[0];
        conflicts.AddRange(list.Where(s => s.Type != first.Type).Select(s => new IngestError(
            s.Index,
            "type_conflict",
            $"Record {s.Index} is a {Name(s.Type)} but earlier records of the same series are {Name(first.Type)}s.")));
        return list.FindAll(s => s.Type == first.Type);
    }

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
