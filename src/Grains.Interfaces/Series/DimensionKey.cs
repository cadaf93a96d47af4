using System.Text.RegularExpressions;

namespace Telemetry.Series;

/// <summary>
/// Dimension keys: a letter or <c>_</c>, then letters, digits, <c>_ . -</c> (<c>location_id</c>).
/// Keys starting with <c>__</c> are reserved for the service.
/// </summary>
public static partial class DimensionKey
{
    public const int DefaultMaxLength = 128;

    public static bool IsValid(string? key, int maxLength = DefaultMaxLength) =>
        key is not null && key.Length <= maxLength && Pattern().IsMatch(key) && !IsReserved(key);

    public static bool IsReserved(string key) => key.StartsWith("__", StringComparison.Ordinal);

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_.-]*$")]
    private static partial Regex Pattern();
}
