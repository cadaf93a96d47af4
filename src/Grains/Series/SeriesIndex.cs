using System.Collections.Immutable;

namespace Telemetry.Series;

/// <summary>
/// Postings from dimension values to series, as in an inverted index: a filter on one key unions the
/// postings of its values, and several filters intersect.
/// </summary>
public sealed class SeriesIndex
{
    private readonly Dictionary<ulong, SeriesEntry> _series = [];
    private readonly Dictionary<string, Dictionary<string, HashSet<ulong>>> _postings = new(StringComparer.Ordinal);

    public int Count => _series.Count;

    public bool TryGet(ulong hash, out SeriesEntry entry) => _series.TryGetValue(hash, out entry!);

    public void Add(SeriesEntry entry)
    {
        if (!_series.TryAdd(entry.Hash, entry))
        {
            return;
        }

        foreach (var (key, value) in entry.Labels.Pairs)
        {
            if (!_postings.TryGetValue(key, out var byValue))
            {
                _postings[key] = byValue = new Dictionary<string, HashSet<ulong>>(StringComparer.Ordinal);
            }

            if (!byValue.TryGetValue(value, out var hashes))
            {
                byValue[value] = hashes = [];
            }

            hashes.Add(entry.Hash);
        }
    }

    public ImmutableArray<SeriesEntry> Find(ImmutableArray<DimensionFilter> filters)
    {
        if (filters.IsDefaultOrEmpty)
        {
            return [.. _series.Values];
        }

        HashSet<ulong>? matches = null;
        foreach (var filter in filters.OrderBy(f => f.Values.Length))
        {
            var union = new HashSet<ulong>();
            if (_postings.TryGetValue(filter.Key, out var byValue))
            {
                foreach (var value in filter.Values)
                {
                    if (byValue.TryGetValue(value, out var hashes))
                    {
                        union.UnionWith(hashes);
                    }
                }
            }

            if (matches is null)
            {
                matches = union;
            }
            else
            {
                matches.IntersectWith(union);
            }

            if (matches.Count == 0)
            {
                return [];
            }
        }

        return [.. matches!.Select(hash => _series[hash])];
    }
}
