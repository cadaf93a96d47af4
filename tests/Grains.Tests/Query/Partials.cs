using System.Collections.Immutable;
using Telemetry.Query;
using Telemetry.Series;

namespace Telemetry.Tests.Query;

/// <summary>Hand-built series and bucket partials for merge tests; times are whole seconds from tick 0.</summary>
internal static class Partials
{
    public static long Seconds(double seconds) => (long)(seconds * TimeSpan.TicksPerSecond);

    public static SeriesEntry SeriesOf(params (string Key, string Value)[] labels) =>
        SeriesOf(MetricType.Gauge, labels);

    public static SeriesEntry SeriesOf(MetricType type, params (string Key, string Value)[] labels)
    {
        var canonical = new SeriesLabels(labels.Select(l => KeyValuePair.Create(l.Key, l.Value)));
        return new SeriesEntry(canonical.Hash, canonical, type);
    }

    /// <summary>The partial of a bucket holding these samples (in time order), with an explicit counter increase.</summary>
    public static BucketPartial Of(int bucket, (double Seconds, double Value)[] samples, double increase = 0) => new(
        bucket,
        samples.Length,
        samples.Sum(s => s.Value),
        samples.Min(s => s.Value),
        samples.Max(s => s.Value),
        Seconds(samples[^1].Seconds),
        samples[^1].Value,
        increase);

    /// <summary>A read without raw values.</summary>
    public static SeriesReadResult Read(params BucketPartial[] buckets) => new([.. buckets], []);

    /// <summary>A read with raw values, as a series answers when asked for them.</summary>
    public static SeriesReadResult ReadWithValues(params (int Bucket, (double Seconds, double Value)[] Samples)[] buckets) => new(
        [.. buckets.Select(b => Of(b.Bucket, b.Samples))],
        [.. buckets.Select(b => b.Samples.Select(s => s.Value).ToImmutableArray())]);
}
