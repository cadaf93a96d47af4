using Telemetry.Series;

namespace Telemetry.Tests.Cluster;

/// <summary>Labels and batches as the ingest path hands them to series grains; times are UTC ticks.</summary>
internal static class Samples
{
    public static long Minutes(double minutes) => TimeSpan.FromMinutes(minutes).Ticks;

    public static long Seconds(double seconds) => TimeSpan.FromSeconds(seconds).Ticks;

    public static SeriesLabels Labels(params (string Key, string Value)[] pairs) =>
        new(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)));

    public static SeriesBatch Batch(
        string tenant,
        string metric,
        MetricType type,
        SeriesLabels labels,
        params (long Timestamp, double Value)[] samples) =>
        new(tenant, metric, type, labels, [.. samples.Select(s => s.Timestamp)], [.. samples.Select(s => s.Value)]);
}
