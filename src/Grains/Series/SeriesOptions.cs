namespace Telemetry.Series;

/// <summary>Settings of the hot path, bound from <c>Telemetry:Series</c>.</summary>
public sealed class SeriesOptions
{
    public const string Section = "Telemetry:Series";

    /// <summary>How far back raw samples stay in memory.</summary>
    public TimeSpan HotWindow { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Upper bound on samples kept per series (about 16 bytes each); the oldest go first.</summary>
    public int MaxSamplesPerSeries { get; set; } = 50_000;
}
