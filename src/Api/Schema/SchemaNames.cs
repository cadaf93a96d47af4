using Telemetry.Schema;
using Telemetry.Series;

namespace Telemetry.Api.Schema;

/// <summary>Metric type and enforcement mode names on the wire.</summary>
public static class SchemaNames
{
    public const string TypeList = "gauge, counter, histogram, set or summary";
    public const string ModeList = "strict or lenient";

    public static bool TryParseType(string? name, out MetricType type) => TryParse(name, out type);

    public static bool TryParseMode(string? name, out EnforcementMode mode) => TryParse(name, out mode);

    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => value.ToString().ToLowerInvariant();

    private static bool TryParse<TEnum>(string? name, out TEnum value)
        where TEnum : struct, Enum
    {
        value = default;
        return name is not null
            && name.All(char.IsAsciiLetterLower)
            && Enum.TryParse(name, ignoreCase: true, out value)
            && Enum.IsDefined(value);
    }
}
