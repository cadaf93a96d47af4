namespace Telemetry.Schema;

/// <summary>Series limits, bound from <c>Telemetry:Cardinality</c>; tenants and metrics may override them.</summary>
public sealed class CardinalityOptions
{
    public const string Section = "Telemetry:Cardinality";

    public int MaxSeriesPerMetric { get; set; } = 50_000;

    public int MaxSeriesPerTenant { get; set; } = 1_000_000;

    /// <summary>Share of a limit at which warnings appear in the schema status and diagnostics.</summary>
    public double WarningRatio { get; set; } = 0.8;

    /// <summary>
    /// Extra series an overflow dimension may still create past the metric limit (as a share of it): one
    /// <c>__overflow__</c> series per combination of the other dimensions. Rounded up: a small limit still allows one.
    /// </summary>
    public double OverflowAllowance { get; set; } = 0.1;

    /// <summary>Distinct sample values kept per dimension key for <c>GET /dimensions</c>.</summary>
    public int SampleValuesPerDimension { get; set; } = 10;
}
