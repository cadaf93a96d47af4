namespace Telemetry.Api.Ingest;

/// <summary>
/// One ingest record, for documentation: <c>metric</c> (required), <c>type</c> (gauge by default),
/// <c>value</c> (finite number), <c>timestamp</c> (RFC3339 or epoch ms; server time when missing),
/// <c>dimensions</c> (string values), <c>metadata</c> (ignored).
/// </summary>
public sealed record IngestRecordDocument(
    string Metric,
    string? Type,
    double Value,
    string? Timestamp,
    Dictionary<string, string>? Dimensions,
    Dictionary<string, object>? Metadata);
