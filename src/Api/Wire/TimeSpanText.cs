using System.Text.RegularExpressions;
using System.Xml;

namespace Telemetry.Api.Wire;

/// <summary>
/// Durations as users write them: <c>90d</c>, <c>12h</c>, <c>30m</c>, <c>45s</c>, <c>2w</c>, <c>1500ms</c>,
/// or ISO 8601 (<c>PT30M</c>, <c>P90D</c>).
/// </summary>
public static partial class TimeSpanText
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var match = Short().Match(text);
        if (match.Success && long.TryParse(match.Groups[1].Value, out var count))
        {
            var unit = match.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(1),
                "s" => TimeSpan.FromSeconds(1),
                "m" => TimeSpan.FromMinutes(1),
                "h" => TimeSpan.FromHours(1),
                "d" => TimeSpan.FromDays(1),
                _ => TimeSpan.FromDays(7),
            };
            if (count > TimeSpan.MaxValue.Ticks / unit.Ticks)
            {
                return false;
            }

            value = TimeSpan.FromTicks(count * unit.Ticks);
            return true;
        }

        if (text.StartsWith('P') || text.StartsWith('-'))
        {
            try
            {
                value = XmlConvert.ToTimeSpan(text);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
            catch (OverflowException)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>The shortest exact short form: <c>5m</c>, <c>90s</c>, <c>36h</c>, <c>1500ms</c>; what <see cref="TryParse"/> reads back.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        (long Ticks, string Unit)[] units =
        [
            (TimeSpan.TicksPerDay * 7, "w"), (TimeSpan.TicksPerDay, "d"), (TimeSpan.TicksPerHour, "h"),
            (TimeSpan.TicksPerMinute, "m"), (TimeSpan.TicksPerSecond, "s"), (TimeSpan.TicksPerMillisecond, "ms"),
        ];
        foreach (var (ticks, unit) in units)
        {
            if (value.Ticks % ticks == 0)
            {
                return $"{value.Ticks / ticks}{unit}";
            }
        }

        return XmlConvert.ToString(value);
    }

    [GeneratedRegex("^([0-9]{1,12})(ms|s|m|h|d|w)$")]
    private static partial Regex Short();
}
