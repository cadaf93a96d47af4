using Parquet;
using Parquet.Schema;
using Telemetry.Series;

namespace Telemetry.Segments;

/// <summary>Writes series rows as one raw Parquet segment (see <see cref="RawSegmentFormat"/>).</summary>
public static class RawSegmentWriter
{
    /// <summary>Writes the rows sorted by series id then time and returns the segment's summary.</summary>
    public static async Task<SegmentSummary> WriteAsync(Stream destination, IReadOnlyCollection<SeriesRows> rows, CancellationToken cancellationToken = default)
    {
        var ordered = rows
            .Where(r => r.Timestamps.Length > 0)
            .OrderBy(r => r.Labels.Hash)
            .ToList();
        var keys = ordered.SelectMany(r => r.Labels.Pairs.Select(p => p.Key)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var dimensions = keys.ToDictionary(k => k, RawSegmentFormat.Dimension, StringComparer.Ordinal);
        var schema = new ParquetSchema([RawSegmentFormat.Series, RawSegmentFormat.Timestamp, RawSegmentFormat.Value, .. dimensions.Values]);

        var total = ordered.Sum(r => r.Timestamps.Length);
        var summary = new SegmentSummary(total, long.MaxValue, long.MinValue, double.PositiveInfinity, double.NegativeInfinity, ordered.Count);
        await using (var writer = await ParquetWriter.CreateAsync(schema, destination, RawSegmentFormat.Options, cancellationToken: cancellationToken))
        {
            foreach (var group in Chunk(ordered, RawSegmentFormat.RowGroupSize))
            {
                var count = group.Sum(r => r.Timestamps.Length);
                var series = new string[count];
                var timestamps = new DateTime[count];
                var values = new double[count];
                var columns = keys.ToDictionary(k => k, _ => new string?[count], StringComparer.Ordinal);
                var at = 0;
                foreach (var row in group)
                {
                    var id = SeriesKey.FormatId(row.Labels.Hash);
                    for (var i = 0; i < row.Timestamps.Length; i++, at++)
                    {
                        series[at] = id;
                        timestamps[at] = new DateTime(row.Timestamps[i], DateTimeKind.Utc);
                        values[at] = row.Values[i];
                        foreach (var (key, value) in row.Labels.Pairs)
                        {
                            columns[key][at] = value;
                        }
                    }

                    summary = summary.Including(row);
                }

                using var rowGroup = writer.CreateRowGroup();
                await rowGroup.WriteAsync(RawSegmentFormat.Series, series);
                await rowGroup.WriteAsync<DateTime>(RawSegmentFormat.Timestamp, timestamps, cancellationToken: cancellationToken);
                await rowGroup.WriteAsync<double>(RawSegmentFormat.Value, values, cancellationToken: cancellationToken);
                foreach (var key in keys)
                {
                    await rowGroup.WriteAsync(dimensions[key], columns[key]);
                }
            }
        }

        return summary;
    }

    /// <summary>Whole series per row group, each group at most about <paramref name="rows"/> rows.</summary>
    private static IEnumerable<List<SeriesRows>> Chunk(List<SeriesRows> ordered, int rows)
    {
        var group = new List<SeriesRows>();
        var count = 0;
        foreach (var series in ordered)
        {
            if (count > 0 && count + series.Timestamps.Length > rows)
            {
                yield return group;
                group = [];
                count = 0;
            }

            group.Add(series);
            count += series.Timestamps.Length;
        }

        if (group.Count > 0)
        {
            yield return group;
        }
    }
}
