namespace Telemetry.Query;

[GenerateSerializer]
public enum GranularityUnit
{
    Second = 0,
    Minute = 1,
    Hour = 2,
    Day = 3,
    Week = 4,
}
