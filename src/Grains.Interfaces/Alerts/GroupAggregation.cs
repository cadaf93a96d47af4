namespace Telemetry.Alerts;

/// <summary>How the latest values of the series in a coarser <c>group_by</c> group are combined into the value a rule checks.</summary>
[GenerateSerializer]
public enum GroupAggregation
{
    Sum = 0,
    Avg = 1,
    Min = 2,
    Max = 3,
}
