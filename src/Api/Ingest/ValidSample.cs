using Telemetry.Series;

namespace Telemetry.Api.Ingest;

/// <summary>A record that passed validation, ready to be routed to its series.</summary>
/// <param name="Index">0-based position of the record in the request body.</param>
/// <param name="Metric">The metric name.</param>
/// <param name="Type">The metric type; gauge when the record named none.</param>
/// <param name="Value">A finite value; never negative for counters.</param>
/// <param name="TimestampUtcTicks">The sample time as UTC ticks.</param>
/// <param name="Labels">The dimensions in canonical form.</param>
/// <param name="TimestampDefaulted">True when the record had no timestamp and got the server time.</param>
public sealed record ValidSample(
    int Index,
    string Metric,
    MetricType Type,
    double Value,
    long TimestampUtcTicks,
    SeriesLabels Labels,
    bool TimestampDefaulted);
