using System.Globalization;
using System.Text.RegularExpressions;

namespace Telemetry.Api.Ingest;

/// <summary>
/// Parses RFC 3339 date-times that carry an explicit offset (<c>Z</c> or <c>±hh:mm</c>).
/// Stricter than <see cref="DateTimeOffset.TryParse(string?, out DateTimeOffset)"/>, which would
/// silently read a time without offset in the server's local zone.
/// </summary>
internal static partial class Rfc3339Timestamp
{
    public static bool TryParseUtcTicks(string text, out long utcTicks)
    {
        utcTicks = 0;
        var match = Shape().Match(text);
        if (!match.Success)
        {
            return false;
        }

        int Part(string name) => int.Parse(match.Groups[name].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);

        int year = Part("year"), month = Part("month"), day = Part("day");
        int hour = Part("hour"), minute = Part("minute"), second = Part("second");
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var offset = TimeSpan.Zero;
        if (match.Groups["sign"].Success)
        {
            int offsetHours = Part("offsetHours"), offsetMinutes = Part("offsetMinutes");
            if (offsetHours > 23 || offsetMinutes > 59)
            {
                return false;
            }

            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            if (match.Groups["sign"].ValueSpan[0] == '-')
            {
                offset = -offset;
            }
        }

        // Ticks are 100 ns: keep the first seven fraction digits, drop the rest.
        long fractionTicks = 0;
        if (match.Groups["fraction"].Success)
        {
            var digits = match.Groups["fraction"].ValueSpan;
            digits = digits[..Math.Min(digits.Length, 7)];
            fractionTicks = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
            for (var i = digits.Length; i < 7; i++)
            {
                fractionTicks *= 10;
            }
        }

        var ticks = new DateTime(year, month, day, hour, minute, second).Ticks + fractionTicks - offset.Ticks;
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        utcTicks = ticks;
        return true;
    }

    [GeneratedRegex(
        @"\A(?<year>[0-9]{4})-(?<month>[0-9]{2})-(?<day>[0-9]{2})[Tt](?<hour>[0-9]{2}):(?<minute>[0-9]{2}):(?<second>[0-9]{2})(?:\.(?<fraction>[0-9]{1,9}))?(?:[Zz]|(?<sign>[+-])(?<offsetHours>[0-9]{2}):(?<offsetMinutes>[0-9]{2}))\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
