using Telemetry.Series;

namespace Telemetry.Alerts;

/// <summary>
/// The value of a coarser group: the latest value of each of its series, combined by the rule's
/// aggregation. Each observation that changes it yields the group's sample at the observation's time.
/// </summary>
public sealed class GroupAggregator(GroupAggregation aggregation)
{
    private readonly Dictionary<SeriesLabels, AlertSample> _latest = [];

    public int SeriesCount => _latest.Count;

    /// <summary>Each series of the group with its latest sample.</summary>
    public IEnumerable<KeyValuePair<SeriesLabels, AlertSample>> Members => _latest;

    /// <summary>
    /// Takes a series' sample as its latest value unless the series already has a newer one, and returns
    /// the group's sample after it; null when the sample was older and changed nothing.
    /// </summary>
    public AlertSample? Observe(SeriesLabels series, AlertSample sample)
    {
        if (_latest.TryGetValue(series, out var latest) && latest.At > sample.At)
        {
            return null;
        }

        _latest[series] = sample;
        return new AlertSample(sample.At, Value()!.Value);
    }

    /// <summary>Drops a series (it stopped matching, or was deleted); the group's value no longer counts it.</summary>
    public bool Forget(SeriesLabels series) => _latest.Remove(series);

    /// <summary>The aggregate of the latest values; null for a group without series.</summary>
    public double? Value()
    {
        if (_latest.Count == 0)
        {
            return null;
        }

        var values = _latest.Values.Select(sample => sample.Value);
        return aggregation switch
        {
            GroupAggregation.Sum => values.Sum(),
            GroupAggregation.Avg => values.Average(),
            GroupAggregation.Min => values.Min(),
            GroupAggregation.Max => values.Max(),
            _ => throw new ArgumentOutOfRangeException(nameof(aggregation), aggregation, null),
        };
    }
}
