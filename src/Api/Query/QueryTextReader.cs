using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Telemetry.Api.Query;

/// <summary>
/// Reads a <see cref="QueryText"/> from a JSON body or from the query string. The query string form:
/// <c>?metric=m&amp;start=..&amp;end=..&amp;granularity=5m&amp;aggregation=avg&amp;group_by=sku,location_id
/// &amp;filter=location_id:loc_1&amp;filter=location_id:loc_2&amp;fill=zero&amp;timezone=Europe/London</c>;
/// <c>filters</c> may also be given as a URL-encoded JSON object, exactly as in the body.
/// </summary>
public static class QueryTextReader
{
    public static QueryText FromJson(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new QueryTextException("The body must be a JSON object.");
        }

        return new QueryText(
            String(body, "metric"),
            String(body, "start"),
            String(body, "end"),
            String(body, "granularity"),
            String(body, "aggregation"),
            String(body, "rollup"),
            GroupBy(body),
            Filters(body.TryGetProperty("filters", out var filters) ? filters : default),
            String(body, "fill"),
            String(body, "timezone"));
    }

    public static QueryText FromQueryString(IQueryCollection query)
    {
        var filters = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var json = query["filters"].ToString();
        if (json.Length > 0)
        {
            try
            {
                using var document = JsonDocument.Parse(json);
                foreach (var (key, values) in Filters(document.RootElement))
                {
                    filters[key] = values;
                }
            }
            catch (JsonException)
            {
                throw new QueryTextException("'filters' must be a JSON object such as {\"sku\":[\"SKU-1\",\"SKU-2\"]}.");
            }
        }

        foreach (var filter in query["filter"])
        {
            var separator = filter?.IndexOf(':') ?? -1;
            if (separator <= 0)
            {
                throw new QueryTextException($"'filter={filter}' must be 'key:value'.");
            }

            var key = filter![..separator];
            var values = filters.TryGetValue(key, out var existing) ? existing.ToList() : [];
            values.Add(filter[(separator + 1)..]);
            filters[key] = values;
        }

        return new QueryText(
            Single(query, "metric"),
            Single(query, "start"),
            Single(query, "end"),
            Single(query, "granularity"),
            Single(query, "aggregation"),
            Single(query, "rollup"),
            [.. query["group_by"].SelectMany(v => SplitList(v ?? ""))],
            filters,
            Single(query, "fill"),
            Single(query, "timezone"));
    }

    private static string? Single(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 ? values[^1] : null;

    private static string? String(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new QueryTextException($"'{name}' must be a string.");
    }

    private static List<string> GroupBy(JsonElement body)
    {
        if (!body.TryGetProperty("group_by", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => SplitList(value.GetString()!),
            JsonValueKind.Array => [.. value.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw new QueryTextException("'group_by' must list dimension keys as strings."))],
            _ => throw new QueryTextException("'group_by' must be a list of dimension keys."),
        };
    }

    private static Dictionary<string, IReadOnlyList<string>> Filters(JsonElement filters)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (filters.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return result;
        }

        if (filters.ValueKind != JsonValueKind.Object)
        {
            throw new QueryTextException("'filters' must be an object mapping a dimension key to a value or a list of values.");
        }

        foreach (var filter in filters.EnumerateObject())
        {
            result[filter.Name] = filter.Value.ValueKind switch
            {
                JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => [Text(filter.Name, filter.Value)],
                JsonValueKind.Array => [.. filter.Value.EnumerateArray().Select(v => Text(filter.Name, v))],
                _ => throw new QueryTextException($"'filters.{filter.Name}' must be a value or a list of values."),
            };
        }

        return result;

        static string Text(string key, JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => throw new QueryTextException($"'filters.{key}' values must be strings."),
        };
    }

    private static List<string> SplitList(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}

/// <summary>The query is malformed; the message says which field and why.</summary>
public sealed class QueryTextException(string message) : Exception(message);
