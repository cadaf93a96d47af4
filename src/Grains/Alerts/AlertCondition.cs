namespace Telemetry.Alerts;

/// <summary>A rule's comparison, with the recovery threshold that keeps a firing group firing until it has clearly recovered.</summary>
public static class AlertCondition
{
    /// <summary>Whether <paramref name="value"/> breaches: <c>value op threshold</c>. <c>==</c> and <c>!=</c> compare exactly.</summary>
    public static bool Breaches(AlertRule rule, double value) => Compare(rule.Operator, value, rule.Threshold);

    /// <summary>
    /// Whether a firing group keeps firing: the comparison against <see cref="AlertRule.RecoveryThreshold"/>
    /// when set (op <c>&lt;</c>, threshold 10, recovery 15: 12 still fires, 15 resolves). <c>==</c> and
    /// <c>!=</c> have no sides to put a gap between, so they ignore it.
    /// </summary>
    public static bool KeepsFiring(AlertRule rule, double value) =>
        rule.RecoveryThreshold is { } recovery && rule.Operator is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual)
            ? Compare(rule.Operator, value, recovery)
            : Breaches(rule, value);

    public static bool Compare(ComparisonOperator op, double value, double threshold) => op switch
    {
        ComparisonOperator.LessThan => value < threshold,
        ComparisonOperator.LessThanOrEqual => value <= threshold,
        ComparisonOperator.GreaterThan => value > threshold,
        ComparisonOperator.GreaterThanOrEqual => value >= threshold,
        ComparisonOperator.Equal => value == threshold,
        ComparisonOperator.NotEqual => value != threshold,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };
}
