using Telemetry.Alerts;
using Telemetry.Series;

namespace Telemetry.Streams;

/// <summary>Whether a series and its samples match a stream's filter; pure, used by series grains on the hot path.</summary>
public static class StreamMatcher
{
    /// <summary>Every dimension key of the filter has one of its values in <paramref name="labels"/>.</summary>
    public static bool MatchesSeries(StreamFilter filter, SeriesLabels labels)
    {
        foreach (var (key, values) in filter.Dimensions)
        {
            var value = labels[key];
            if (value is null || !values.Contains(value, StringComparer.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The condition holds for <paramref name="value"/> (always, for a filter without a condition).</summary>
    public static bool Holds(StreamFilter filter, double value) =>
        filter.Condition is not { } op || AlertCondition.Compare(op, value, filter.Threshold ?? 0);
}
