using Telemetry.Alerts;

namespace Telemetry.Streams;

/// <summary>A stream condition on the wire: <c>&lt; &lt;= &gt; &gt;= == !=</c>, or the names <c>lt lte gt gte eq ne</c>.</summary>
public static class StreamConditionText
{
    public const string Accepted = "'<', '<=', '>', '>=', '==', '!=' (or lt, lte, gt, gte, eq, ne)";

    public static string Format(ComparisonOperator op) => op switch
    {
        ComparisonOperator.LessThan => "<",
        ComparisonOperator.LessThanOrEqual => "<=",
        ComparisonOperator.GreaterThan => ">",
        ComparisonOperator.GreaterThanOrEqual => ">=",
        ComparisonOperator.Equal => "==",
        _ => "!=",
    };

    public static bool TryParse(string? text, out ComparisonOperator op)
    {
        ComparisonOperator? parsed = text?.Trim().ToLowerInvariant() switch
        {
            "<" or "lt" => ComparisonOperator.LessThan,
            "<=" or "lte" => ComparisonOperator.LessThanOrEqual,
            ">" or "gt" => ComparisonOperator.GreaterThan,
            ">=" or "gte" => ComparisonOperator.GreaterThanOrEqual,
            "==" or "eq" => ComparisonOperator.Equal,
            "!=" or "ne" => ComparisonOperator.NotEqual,
            _ => null,
        };
        op = parsed.GetValueOrDefault();
        return parsed is not null;
    }
}
