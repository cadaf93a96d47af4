using System.Text.RegularExpressions;

namespace Telemetry.Query;

/// <summary>
/// A bucket width such as <c>10s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c> or <c>1w</c>. Seconds to hours are
/// fixed lengths aligned on the zone's wall clock; days and weeks follow local midnights (DST aware).
/// </summary>
[GenerateSerializer, Immutable]
public sealed partial record Granularity(
    [property: Id(0)] int Count,
    [property: Id(1)] GranularityUnit Unit)
{
    /// <summary>The nominal length; a day in a DST zone may really be 23 or 25 hours.</summary>
    public TimeSpan NominalLength => Unit switch
    {
        GranularityUnit.Second => TimeSpan.FromSeconds(Count),
        GranularityUnit.Minute => TimeSpan.FromMinutes(Count),
        GranularityUnit.Hour => TimeSpan.FromHours(Count),
        GranularityUnit.Day => TimeSpan.FromDays(Count),
        GranularityUnit.Week => TimeSpan.FromDays(7 * Count),
        _ => throw new InvalidOperationException($"Unknown unit {Unit}."),
    };

    public bool IsCalendar => Unit is GranularityUnit.Day or GranularityUnit.Week;

    public override string ToString() => Count + Unit switch
    {
        GranularityUnit.Second => "s",
        GranularityUnit.Minute => "m",
        GranularityUnit.Hour => "h",
        GranularityUnit.Day => "d",
        _ => "w",
    };

    /// <summary>Parses <c>&lt;n&gt;s|m|h|d|w</c> with 1 ≤ n ≤ 100000.</summary>
    public static bool TryParse(string? text, out Granularity granularity)
    {
        granularity = null!;
        var match = text is null ? Match.Empty : Pattern().Match(text.Trim());
        if (!match.Success || !int.TryParse(match.Groups[1].Value, out var count) || count is < 1 or > 100_000)
        {
            return false;
        }

        var unit = match.Groups[2].Value switch
        {
            "s" => GranularityUnit.Second,
            "m" => GranularityUnit.Minute,
            "h" => GranularityUnit.Hour,
            "d" => GranularityUnit.Day,
            _ => GranularityUnit.Week,
        };
        granularity = new Granularity(count, unit);
        return true;
    }

    [GeneratedRegex("^([0-9]{1,6})([smhdw])$")]
    private static partial Regex Pattern();
}
