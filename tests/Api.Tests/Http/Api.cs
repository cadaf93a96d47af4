using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Telemetry.Api.Tests.Http;

/// <summary>Building request bodies and asserting on responses.</summary>
public static class Api
{
    public static StringContent Json(object value) =>
        new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    /// <summary>Asserts the status (showing the body when it differs) and parses the JSON body.</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 7807 problem+json response with the status and the stable <c>code</c>; returns the body.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await JsonAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        return body;
    }

    /// <summary>The ingest error codes of a 202 or a no_valid_records problem, as "index:code".</summary>
    public static string[] ErrorCodes(JsonElement body) =>
        [.. body.GetProperty("errors").EnumerateArray().Select(e => $"{e.GetProperty("index").GetInt32()}:{e.GetProperty("code").GetString()}")];

    /// <summary>RFC 3339 in UTC to the second, as ingest records and queries take it.</summary>
    public static string Utc(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>One ingest record as JSON (gauge unless a type is given; no timestamp when null).</summary>
    public static string Record(string metric, double value, DateTimeOffset? timestamp, object? dimensions = null, string? type = null)
    {
        var record = new Dictionary<string, object?> { ["metric"] = metric, ["value"] = value };
        if (type is not null)
        {
            record["type"] = type;
        }

        if (timestamp is { } t)
        {
            record["timestamp"] = Utc(t);
        }

        if (dimensions is not null)
        {
            record["dimensions"] = dimensions;
        }

        return JsonSerializer.Serialize(record);
    }

    /// <summary>A JSON array of records.</summary>
    public static string Array(params string[] records) => "[" + string.Join(",", records) + "]";

    /// <summary>
    /// A recent instant aligned to <paramref name="alignMinutes"/>, <paramref name="minutesBack"/> minutes or more
    /// before now: well inside the 6h hot window, and bucket-aligned for granularities dividing the alignment.
    /// </summary>
    public static DateTimeOffset RecentBase(int alignMinutes = 60, int minutesBack = 40)
    {
        var earliest = DateTimeOffset.UtcNow.AddMinutes(-minutesBack);
        var align = TimeSpan.FromMinutes(alignMinutes).Ticks;
        return new DateTimeOffset(earliest.UtcTicks - (earliest.UtcTicks % align), TimeSpan.Zero);
    }

    /// <summary>The series of a query response.</summary>
    public static JsonElement[] Series(JsonElement query) => [.. query.GetProperty("series").EnumerateArray()];

    /// <summary>The single series of a query response (asserting there is exactly one).</summary>
    public static JsonElement OnlySeries(JsonElement query) => Assert.Single(Series(query));

    /// <summary>The <c>v</c> of each point (null for JSON null).</summary>
    public static double?[] Values(JsonElement series) =>
        [.. series.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("v").ValueKind == JsonValueKind.Null ? (double?)null : p.GetProperty("v").GetDouble())];

    /// <summary>The <c>t</c> of each point.</summary>
    public static string[] Times(JsonElement series) =>
        [.. series.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("t").GetString()!)];

    /// <summary>The group as "key=value" pairs in response order ("key=" + "null" for a missing value).</summary>
    public static string Group(JsonElement series) =>
        string.Join(",", series.GetProperty("group").EnumerateObject().Select(p => $"{p.Name}={(p.Value.ValueKind == JsonValueKind.Null ? "null" : p.Value.GetString())}"));

    /// <summary>Values equal to 9 decimal places, nulls included.</summary>
    public static void EqualValues(double?[] expected, double?[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (expected[i] is null || actual[i] is null)
            {
                Assert.True(expected[i] == actual[i], $"Point {i}: expected {Show(expected[i])} but got {Show(actual[i])}; all: [{string.Join(", ", actual.Select(Show))}]");
            }
            else
            {
                Assert.True(Math.Abs(expected[i]!.Value - actual[i]!.Value) < 1e-9, $"Point {i}: expected {expected[i]} but got {actual[i]}; all: [{string.Join(", ", actual.Select(Show))}]");
            }
        }

        static string Show(double? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "null";
    }
}
