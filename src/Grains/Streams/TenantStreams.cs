using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Telemetry.Streams;

/// <summary>One tenant's stream definitions as a silo holds them, indexed by metric for the series grains' hot path.</summary>
public sealed class TenantStreams
{
    public static readonly TenantStreams Empty = new(StreamCatalog.Empty);

    public TenantStreams(StreamCatalog catalog)
    {
        Version = catalog.Version;
        ById = catalog.Streams.ToFrozenDictionary(s => s.Id, StringComparer.Ordinal);
        ByMetric = catalog.Streams
            .GroupBy(s => s.Spec.Filter.Metric, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToImmutableArray(), StringComparer.Ordinal);
    }

    public long Version { get; }

    public FrozenDictionary<string, StreamDefinition> ById { get; }

    public FrozenDictionary<string, ImmutableArray<StreamDefinition>> ByMetric { get; }

    /// <summary>The streams on <paramref name="metric"/>; empty (no allocation) when there are none.</summary>
    public ImmutableArray<StreamDefinition> ForMetric(string metric) =>
        ByMetric.TryGetValue(metric, out var streams) ? streams : [];
}
