namespace Telemetry.Hosting;

/// <summary>The grain storage every telemetry grain persists to.</summary>
public static class TelemetryStorage
{
    public const string Name = "telemetry";
}
