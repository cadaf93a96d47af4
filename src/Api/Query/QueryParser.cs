using System.Collections.Immutable;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using Telemetry.Api.Problems;
using Telemetry.Api.Wire;
using Telemetry.Query;
using Telemetry.Series;

namespace Telemetry.Api.Query;

/// <summary>
/// Turns a <see cref="QueryText"/> into a <see cref="QuerySpec"/>: defaults (end = now, start = end − 1h,
/// granularity 1m, aggregation avg, fill null, timezone UTC), syntax checks (400) and limits (422).
/// Times are RFC3339 (no offset means UTC), epoch milliseconds, <c>now</c>, <c>now-6h</c> or <c>now+5m</c>.
/// </summary>
public static class QueryParser
{
    private static readonly Dictionary<string, Aggregation> Aggregations = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sum"] = Aggregation.Sum, ["avg"] = Aggregation.Avg, ["mean"] = Aggregation.Avg,
        ["min"] = Aggregation.Min, ["max"] = Aggregation.Max, ["count"] = Aggregation.Count,
        ["last"] = Aggregation.Last, ["p50"] = Aggregation.P50, ["median"] = Aggregation.P50,
        ["p90"] = Aggregation.P90, ["p95"] = Aggregation.P95, ["p99"] = Aggregation.P99,
    };

    private static readonly Dictionary<string, Rollup> Rollups = new(StringComparer.OrdinalIgnoreCase)
    {
        ["avg"] = Rollup.Avg, ["sum"] = Rollup.Sum, ["min"] = Rollup.Min, ["max"] = Rollup.Max,
        ["last"] = Rollup.Last, ["count"] = Rollup.Count, ["rate"] = Rollup.Rate, ["increase"] = Rollup.Increase,
    };

    private static readonly Dictionary<string, FillMode> Fills = new(StringComparer.OrdinalIgnoreCase)
    {
        ["null"] = FillMode.Null, ["zero"] = FillMode.Zero, ["previous"] = FillMode.Previous, ["none"] = FillMode.None,
    };

    public static (QuerySpec? Spec, ProblemHttpResult? Problem) Parse(QueryText text, string tenantId, DateTimeOffset now, QueryOptions options)
    {
        if (!MetricName.IsValid(text.Metric))
        {
            return Invalid("invalid_metric", text.Metric is null
                ? "'metric' is required."
                : $"'{text.Metric}' is not a metric name: a letter or '_', then letters, digits, '_', '.', ':', '-'.");
        }

        if (!TryParseTime(text.End, now, now, out var end))
        {
            return Invalid("invalid_time", $"'end' ({text.End}) must be RFC3339, epoch milliseconds, 'now' or 'now-<duration>' / 'now+<duration>'.");
        }

        if (!TryParseTime(text.Start, end - TimeSpan.FromHours(1), now, out var start))
        {
            return Invalid("invalid_time", $"'start' ({text.Start}) must be RFC3339, epoch milliseconds, 'now' or 'now-<duration>' / 'now+<duration>'.");
        }

        if (end <= start)
        {
            return Invalid("invalid_time_range", "'end' must be after 'start'; the range is [start, end).");
        }

        if (end - start > options.MaxSpan)
        {
            return Refused("span_too_large", $"The range spans {(end - start).TotalDays:0.##} days; at most {options.MaxSpan.TotalDays:0.##} days (Telemetry:Query:MaxSpan).");
        }

        if (!Granularity.TryParse(text.Granularity ?? "1m", out var granularity))
        {
            return Invalid("invalid_granularity", $"'granularity' ({text.Granularity}) must be <n>s, <n>m, <n>h, <n>d or <n>w, such as 10s, 5m, 1h, 1d, 1w.");
        }

        if ((end - start) / granularity.NominalLength > options.MaxBucketsPerSeries)
        {
            return Refused("too_many_points", $"{granularity} over this range makes more than {options.MaxBucketsPerSeries} buckets (Telemetry:Query:MaxBucketsPerSeries); use a coarser granularity.");
        }

        if (!Aggregations.TryGetValue(text.Aggregation ?? "avg", out var aggregation))
        {
            return Invalid("invalid_aggregation", $"'aggregation' ({text.Aggregation}) must be one of sum, avg, min, max, count, last, p50, p90, p95, p99.");
        }

        Rollup? rollup = null;
        if (text.Rollup is not null)
        {
            if (!Rollups.TryGetValue(text.Rollup, out var parsed))
            {
                return Invalid("invalid_rollup", $"'rollup' ({text.Rollup}) must be one of avg, sum, min, max, last, count, rate, increase.");
            }

            rollup = parsed;
        }

        if (!Fills.TryGetValue(text.Fill ?? "null", out var fill))
        {
            return Invalid("invalid_fill", $"'fill' ({text.Fill}) must be one of null, zero, previous, none.");
        }

        var zone = text.Timezone ?? "UTC";
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone) is null)
        {
            return Invalid("unknown_timezone", $"'timezone' ({zone}) is not an IANA time zone such as Europe/London or Asia/Kolkata.");
        }

        if (text.GroupBy.Count > options.MaxGroupBy || text.GroupBy.Any(key => !DimensionKey.IsValid(key)))
        {
            return Invalid("invalid_group_by", $"'group_by' takes at most {options.MaxGroupBy} dimension keys, each a letter or '_' then letters, digits, '_', '.', '-'.");
        }

        var filters = ImmutableArray.CreateBuilder<DimensionFilter>();
        foreach (var (key, values) in text.Filters)
        {
            if (!DimensionKey.IsValid(key) || values.Count == 0)
            {
                return Invalid("invalid_filter", $"'filters.{key}' must name a dimension key and at least one value.");
            }

            filters.Add(new DimensionFilter(key, [.. values.Distinct(StringComparer.Ordinal)]));
        }

        if (filters.Sum(f => f.Values.Length) > options.MaxFilterValues)
        {
            return Invalid("invalid_filter", $"'filters' may list at most {options.MaxFilterValues} values in all.");
        }

        var limits = new QueryLimits(options.MaxPoints, options.MaxSeries, options.MaxBucketsPerSeries);
        return (new QuerySpec(
            tenantId, text.Metric!, start.UtcTicks, end.UtcTicks, granularity, aggregation, rollup,
            [.. text.GroupBy.Distinct(StringComparer.Ordinal)], filters.ToImmutable(), fill, zone, limits), null);
    }

    private static bool TryParseTime(string? text, DateTimeOffset fallback, DateTimeOffset now, out DateTimeOffset value)
    {
        value = fallback;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        text = text.Trim();
        if (text.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            value = now;
            return true;
        }

        if (text.StartsWith("now-", StringComparison.OrdinalIgnoreCase) || text.StartsWith("now+", StringComparison.OrdinalIgnoreCase))
        {
            if (!TimeSpanText.TryParse(text[4..], out var offset))
            {
                return false;
            }

            value = text[3] == '-' ? now - offset : now + offset;
            return true;
        }

        if (text.All(char.IsAsciiDigit) && long.TryParse(text, out var milliseconds) && milliseconds < 253402300800000)
        {
            value = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    private static (QuerySpec?, ProblemHttpResult?) Invalid(string code, string detail) => (null, Problem.BadRequest(code, detail));

    private static (QuerySpec?, ProblemHttpResult?) Refused(string code, string detail) =>
        (null, Problem.Create(StatusCodes.Status422UnprocessableEntity, code, detail));
}
