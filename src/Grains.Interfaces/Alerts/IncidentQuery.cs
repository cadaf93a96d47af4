using System.Collections.Immutable;

namespace Telemetry.Alerts;

/// <summary>
/// A query request (the body of <c>POST /query</c>) that shows the data around an incident: the rule's metric,
/// filtered to the incident's group, from before the breach began to after it ended (or to now), at a granularity
/// that keeps it to a few hundred points.
/// </summary>
public sealed record IncidentQuery(
    string Metric,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Granularity,
    string Aggregation,
    string Rollup,
    ImmutableArray<string> GroupBy,
    ImmutableDictionary<string, ImmutableArray<string>> Filters)
{
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(15);
    private static readonly (TimeSpan Length, string Text)[] Granularities =
    [
        (TimeSpan.FromMinutes(1), "1m"), (TimeSpan.FromMinutes(5), "5m"), (TimeSpan.FromMinutes(15), "15m"),
        (TimeSpan.FromHours(1), "1h"), (TimeSpan.FromHours(6), "6h"), (TimeSpan.FromDays(1), "1d"),
    ];

    /// <summary>At most this many buckets per series.</summary>
    public const int MaxBuckets = 500;

    public static IncidentQuery For(AlertRule rule, IncidentRecord incident, DateTimeOffset now)
    {
        var before = rule.Duration > Margin ? rule.Duration : Margin;
        var start = Floor(incident.OpenedAt - before);
        var end = Floor((incident.ResolvedAt ?? now) + Margin);
        var span = end - start;
        var granularity = Granularities.FirstOrDefault(g => span / g.Length <= MaxBuckets, Granularities[^1]);

        // Each series' last value per bucket, combined as the rule combines a group's latest values (a group of one
        // series is that series' last value).
        return new IncidentQuery(
            rule.Metric,
            start,
            end,
            granularity.Text,
            rule.EffectiveAggregation.ToString().ToLowerInvariant(),
            "last",
            [.. incident.Group.Pairs.Select(p => p.Key)],
            incident.Group.Pairs.ToImmutableDictionary(p => p.Key, p => ImmutableArray.Create(p.Value), StringComparer.Ordinal));
    }

    private static DateTimeOffset Floor(DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
}
