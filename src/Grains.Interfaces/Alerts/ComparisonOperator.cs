namespace Telemetry.Alerts;

/// <summary>How a rule compares the latest value with its threshold. <c>==</c> and <c>!=</c> compare exactly.</summary>
[GenerateSerializer]
public enum ComparisonOperator
{
    /// <summary><c>&lt;</c></summary>
    LessThan = 0,

    /// <summary><c>&lt;=</c></summary>
    LessThanOrEqual = 1,

    /// <summary><c>&gt;</c></summary>
    GreaterThan = 2,

    /// <summary><c>&gt;=</c></summary>
    GreaterThanOrEqual = 3,

    /// <summary><c>==</c></summary>
    Equal = 4,

    /// <summary><c>!=</c></summary>
    NotEqual = 5,
}
