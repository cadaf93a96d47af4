namespace Telemetry.Api.Schema;

/// <summary>Bound from <c>Telemetry:Schema</c>.</summary>
public sealed class SchemaOptions
{
    public const string Section = "Telemetry:Schema";

    /// <summary>
    /// How long a silo trusts its copy of a tenant's settings and rules and of a metric's schema. Schema,
    /// mode and rule changes reach ingest on every silo within this time.
    /// </summary>
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cached metrics not used for this long are forgotten (their admitted series are re-learned on demand).</summary>
    public TimeSpan IdleEviction { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most dimensions one metric schema may declare.</summary>
    public int MaxDeclaredDimensions { get; set; } = 64;

    /// <summary>Most normalization rules one tenant may have; each one runs on every sample.</summary>
    public int MaxNormalizationRules { get; set; } = 100;
}
