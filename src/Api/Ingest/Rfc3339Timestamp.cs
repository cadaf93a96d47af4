namespace Telemetry.Api.Ingest;

/// <summary>
/// Parses RFC 3339 date-times that carry an explicit offset (<c>Z</c> or <c>±hh:mm</c>):
/// <c>yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±hh:mm)</c>, ASCII digits only. Stricter than
/// <see cref="DateTimeOffset.TryParse(string?, out DateTimeOffset)"/>, which would silently read a time without
/// offset in the server's local zone. Read by position, not by a regular expression: it runs once per ingested sample.
/// </summary>
internal static class Rfc3339Timestamp
{
    private const int SecondsEnd = 19; // "yyyy-MM-ddTHH:mm:ss"
    private const int MaxFractionDigits = 9;
    private const int TickDigits = 7; // ticks are 100 ns

    public static bool TryParseUtcTicks(ReadOnlySpan<char> text, out long utcTicks)
    {
        utcTicks = 0;
        if (text.Length < SecondsEnd + 1
            || !TryDigits(text, 0, 4, out var year) || text[4] != '-'
            || !TryDigits(text, 5, 2, out var month) || text[7] != '-'
            || !TryDigits(text, 8, 2, out var day) || text[10] is not ('T' or 't')
            || !TryDigits(text, 11, 2, out var hour) || text[13] != ':'
            || !TryDigits(text, 14, 2, out var minute) || text[16] != ':'
            || !TryDigits(text, 17, 2, out var second))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var rest = text[SecondsEnd..];
        if (!TryReadFraction(ref rest, out var fractionTicks) || !TryReadOffset(rest, out var offset))
        {
            return false;
        }

        var ticks = new DateTime(year, month, day, hour, minute, second).Ticks + fractionTicks - offset.Ticks;
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        utcTicks = ticks;
        return true;
    }

    /// <summary>An optional <c>.digits</c> (1 to 9); the first seven digits become ticks, the rest are dropped.</summary>
    private static bool TryReadFraction(ref ReadOnlySpan<char> rest, out long fractionTicks)
    {
        fractionTicks = 0;
        if (rest[0] != '.')
        {
            return true;
        }

        var digits = 0;
        while (digits + 1 < rest.Length && char.IsAsciiDigit(rest[digits + 1]))
        {
            if (digits < TickDigits)
            {
                fractionTicks = (fractionTicks * 10) + (rest[digits + 1] - '0');
            }

            digits++;
        }

        if (digits is 0 or > MaxFractionDigits)
        {
            return false;
        }

        for (var i = digits; i < TickDigits; i++)
        {
            fractionTicks *= 10;
        }

        rest = rest[(digits + 1)..];
        return true;
    }

    /// <summary>The whole remainder must be <c>Z</c>, <c>z</c> or <c>±hh:mm</c>.</summary>
    private static bool TryReadOffset(ReadOnlySpan<char> rest, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (rest is ['Z' or 'z'])
        {
            return true;
        }

        if (rest.Length != 6 || rest[0] is not ('+' or '-') || rest[3] != ':'
            || !TryDigits(rest, 1, 2, out var hours) || !TryDigits(rest, 4, 2, out var minutes)
            || hours > 23 || minutes > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (rest[0] == '-')
        {
            offset = -offset;
        }

        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, int start, int count, out int value)
    {
        value = 0;
        foreach (var c in text.Slice(start, count))
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
