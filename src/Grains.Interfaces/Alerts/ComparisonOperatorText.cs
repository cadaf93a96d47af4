namespace Telemetry.Alerts;

/// <summary>How a <see cref="ComparisonOperator"/> is written in rule bodies, responses and notifications: <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>, <c>==</c>, <c>!=</c>.</summary>
public static class ComparisonOperatorText
{
    private static readonly (string Text, ComparisonOperator Operator)[] All =
    [
        ("<", ComparisonOperator.LessThan),
        ("<=", ComparisonOperator.LessThanOrEqual),
        (">", ComparisonOperator.GreaterThan),
        (">=", ComparisonOperator.GreaterThanOrEqual),
        ("==", ComparisonOperator.Equal),
        ("!=", ComparisonOperator.NotEqual),
    ];

    /// <summary>Every operator's text, for error messages.</summary>
    public static IEnumerable<string> Texts => All.Select(o => o.Text);

    public static string Text(this ComparisonOperator op) => All.First(o => o.Operator == op).Text;

    public static bool TryParse(string? text, out ComparisonOperator op)
    {
        foreach (var (candidate, value) in All)
        {
            if (string.Equals(candidate, text, StringComparison.Ordinal))
            {
                op = value;
                return true;
            }
        }

        op = default;
        return false;
    }
}
