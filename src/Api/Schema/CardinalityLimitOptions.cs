namespace Telemetry.Api.Schema;

/// <summary>
/// The configured series limits, bound from <c>Telemetry:Cardinality</c> (the same section the grains
/// enforce), so the API can show effective values where a tenant has no override.
/// </summary>
public sealed class CardinalityLimitOptions
{
    public const string Section = "Telemetry:Cardinality";

    public int MaxSeriesPerMetric { get; set; } = 50_000;

    public int MaxSeriesPerTenant { get; set; } = 1_000_000;

    /// <summary>Share of a limit at which warnings appear.</summary>
    public double WarningRatio { get; set; } = 0.8;
}
