namespace Telemetry.Alerts;

/// <summary>Why an incident opened: its threshold condition held, or its group sent nothing for <c>no_data</c>.</summary>
[GenerateSerializer]
public enum IncidentCause
{
    Threshold = 0,
    NoData = 1,
}
