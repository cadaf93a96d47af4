using Telemetry.Segments;
using Telemetry.Series;

namespace Telemetry.Rollups;

/// <summary>
/// Splits flushed samples into the hour partitions segments are written to (<c>raw/yyyy/MM/dd/HH</c>), one
/// sorted row set per series, the same timestamp twice keeping the value flushed last. Pure.
/// </summary>
public static class HourPartitions
{
    /// <summary>The start (UTC ticks) of the hour holding <paramref name="timestamp"/>.</summary>
    public static long HourOf(long timestamp) => timestamp - (((timestamp % TimeSpan.TicksPerHour) + TimeSpan.TicksPerHour) % TimeSpan.TicksPerHour);

    /// <summary>The folder of an hour partition under a metric: <c>{tenant}/{metric}/raw/yyyy/MM/dd/HH</c>.</summary>
    public static string Folder(string tenantId, string metric, long hourStart) =>
        $"{tenantId}/{metric}/raw/{new DateTime(hourStart, DateTimeKind.Utc):yyyy'/'MM'/'dd'/'HH}";

    public static SortedDictionary<long, List<SeriesRows>> Split(IEnumerable<SeriesFlush> flushes)
    {
        var hours = new SortedDictionary<long, Dictionary<ulong, (SeriesLabels Labels, SortedDictionary<long, double> Samples)>>();
        foreach (var flush in flushes)
        {
            for (var i = 0; i < flush.Timestamps.Length; i++)
            {
                var timestamp = flush.Timestamps[i];
                var hour = HourOf(timestamp);
                if (!hours.TryGetValue(hour, out var series))
                {
                    hours[hour] = series = [];
                }

                if (!series.TryGetValue(flush.Labels.Hash, out var rows))
                {
                    series[flush.Labels.Hash] = rows = (flush.Labels, new SortedDictionary<long, double>());
                }

                rows.Samples[timestamp] = flush.Values[i];
            }
        }

        var result = new SortedDictionary<long, List<SeriesRows>>();
        foreach (var (hour, series) in hours)
        {
            result[hour] = [.. series.Values.Select(s => new SeriesRows(s.Labels, [.. s.Samples.Keys], [.. s.Samples.Values]))];
        }

        return result;
    }
}
