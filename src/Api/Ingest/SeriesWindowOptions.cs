namespace Telemetry.Api.Ingest;

/// <summary>The part of <c>Telemetry:Series</c> the API needs: samples older than the hot window are refused.</summary>
public sealed class SeriesWindowOptions
{
    public const string Section = "Telemetry:Series";

    public TimeSpan HotWindow { get; set; } = TimeSpan.FromHours(6);
}
