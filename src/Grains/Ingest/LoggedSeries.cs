namespace Telemetry.Ingest;

/// <summary>A series as the log's trim bookkeeping names it; <see cref="Series.SeriesKey.ForSeries"/> gives its grain.</summary>
public readonly record struct LoggedSeries(string TenantId, string Metric, ulong Hash);
