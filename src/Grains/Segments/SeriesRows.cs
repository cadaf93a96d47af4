using Telemetry.Series;

namespace Telemetry.Segments;

/// <summary>The samples of one series bound for a segment, sorted by time (UTC ticks).</summary>
public sealed record SeriesRows(SeriesLabels Labels, long[] Timestamps, double[] Values);
