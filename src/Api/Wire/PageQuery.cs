using System.Globalization;
using Telemetry.Api.Ingest;

namespace Telemetry.Api.Wire;

/// <summary>The query-string values that paged listings share: an optional RFC 3339 time and a page size.</summary>
public static class PageQuery
{
    /// <summary>An RFC 3339 time with an offset, or nothing; false when the text is given but not such a time.</summary>
    public static bool TryTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (text is null)
        {
            return true;
        }

        if (!Rfc3339Timestamp.TryParseUtcTicks(text, out var ticks))
        {
            return false;
        }

        time = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }

    /// <summary>A whole number from 1 to <paramref name="max"/>, or <paramref name="fallback"/> when not given.</summary>
    public static bool TryLimit(string? text, int fallback, int max, out int limit)
    {
        limit = fallback;
        return text is null
            || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit >= 1 && limit <= max);
    }
}
