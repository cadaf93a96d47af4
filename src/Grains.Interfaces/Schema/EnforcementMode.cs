namespace Telemetry.Schema;

/// <summary>How strictly ingest holds samples to the schema registry.</summary>
[GenerateSerializer]
public enum EnforcementMode
{
    /// <summary>A first write registers the metric with what it saw; new dimension keys extend it; type conflicts are errors.</summary>
    Lenient = 0,

    /// <summary>Unknown metrics and undeclared dimensions are per-record errors.</summary>
    Strict = 1,
}
