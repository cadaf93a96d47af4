using System.Text.RegularExpressions;

namespace Telemetry.Series;

/// <summary>Metric names: a letter or <c>_</c>, then letters, digits, <c>_ . : -</c> (<c>inventory.on_hand</c>).</summary>
public static partial class MetricName
{
    public const int DefaultMaxLength = 200;

    public static bool IsValid(string? name, int maxLength = DefaultMaxLength) =>
        name is not null && name.Length <= maxLength && Pattern().IsMatch(name);

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_.:-]*$")]
    private static partial Regex Pattern();
}
