using Parquet;
using Telemetry.Series;

namespace Telemetry.Segments;

/// <summary>Reads a raw segment back into series rows, optionally only some series and a time range.</summary>
public static class RawSegmentReader
{
    /// <param name="source">A seekable stream over the segment.</param>
    /// <param name="series">Series ids to keep (16-hex); null keeps every series.</param>
    /// <param name="from">Inclusive lower bound, UTC ticks.</param>
    /// <param name="to">Exclusive upper bound, UTC ticks.</param>
    /// <param name="cancellationToken">Aborts the read.</param>
    public static async Task<List<SeriesRows>> ReadAsync(
        Stream source, IReadOnlySet<string>? series = null, long from = long.MinValue, long to = long.MaxValue, CancellationToken cancellationToken = default)
    {
        var result = new List<SeriesRows>();
        await using var reader = await ParquetReader.CreateAsync(source, RawSegmentFormat.Options, cancellationToken: cancellationToken);
        var dimensions = reader.Schema.DataFields.Where(f => RawSegmentFormat.IsDimension(f.Name)).ToList();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var count = (int)group.RowCount;
            var ids = new string[count];
            var timestamps = new DateTime[count];
            var values = new double[count];
            await group.ReadAsync(RawSegmentFormat.Series, ids, cancellationToken: cancellationToken);
            await group.ReadAsync<DateTime>(RawSegmentFormat.Timestamp, timestamps, cancellationToken: cancellationToken);
            await group.ReadAsync<double>(RawSegmentFormat.Value, values, cancellationToken: cancellationToken);
            var columns = new List<(string Key, string?[] Values)>(dimensions.Count);
            foreach (var field in dimensions)
            {
                var column = new string?[count];
                await group.ReadAsync(field, column!, cancellationToken: cancellationToken);
                columns.Add((field.Name, column));
            }

            for (var start = 0; start < count;)
            {
                var end = start + 1;
                while (end < count && ids[end] == ids[start])
                {
                    end++;
                }

                if (series is null || series.Contains(ids[start]))
                {
                    var kept = Enumerable.Range(start, end - start).Where(i => timestamps[i].Ticks >= from && timestamps[i].Ticks < to).ToList();
                    if (kept.Count > 0)
                    {
                        var labels = new SeriesLabels(columns
                            .Where(c => c.Values[start] is not null)
                            .Select(c => KeyValuePair.Create(c.Key, c.Values[start]!)));
                        result.Add(new SeriesRows(labels, [.. kept.Select(i => timestamps[i].Ticks)], [.. kept.Select(i => values[i])]));
                    }
                }

                start = end;
            }
        }

        return result;
    }
}
