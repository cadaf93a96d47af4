using System.Collections.Immutable;
using Telemetry.Series;

namespace Telemetry.Alerts;

/// <summary>Which series a rule watches (its filters) and which group each one falls in (its <c>group_by</c>).</summary>
public static class AlertScope
{
    /// <summary>Whether the series' value of every filter's key is one of that filter's values.</summary>
    public static bool Matches(ImmutableArray<DimensionFilter> filters, SeriesLabels series) =>
        filters.IsDefaultOrEmpty || filters.All(filter => series[filter.Key] is { } value && filter.Values.Contains(value, StringComparer.Ordinal));

    /// <summary>The group of a series: its labels restricted to <paramref name="groupBy"/> (a key the series lacks is left out).</summary>
    public static SeriesLabels GroupOf(ImmutableArray<string> groupBy, SeriesLabels series) =>
        new(series.Pairs.Where(pair => !groupBy.IsDefault && groupBy.Contains(pair.Key, StringComparer.Ordinal)));
}
