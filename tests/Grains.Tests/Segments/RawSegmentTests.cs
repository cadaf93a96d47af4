using System.Globalization;
using DuckDB.NET.Data;
using Telemetry.Segments;
using Telemetry.Series;
using Xunit;

namespace Telemetry.Tests.Segments;

public sealed class RawSegmentTests : IDisposable
{
    private static readonly long T0 = new DateTime(2026, 12, 4, 16, 0, 0, DateTimeKind.Utc).Ticks;

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"raw-segment-{Guid.NewGuid():N}.parquet");

    private static List<SeriesRows> Rows() =>
    [
        new(Labels(("sku", "s1"), ("loc", "l1")), [T0, T0 + TimeSpan.TicksPerMinute, T0 + 2 * TimeSpan.TicksPerMinute], [1.5, 2, 3]),
        new(Labels(("sku", "s2")), [T0 + TimeSpan.TicksPerSecond], [-7.25]),
        new(Labels(("sku", "s3"), ("loc", "l2"), ("zone", "cold")), [T0 + 10, T0 + 20], [100, 200]),
    ];

    [Fact]
    public async Task Rows_written_read_back_the_same_sorted_by_series_then_time()
    {
        var rows = Rows();
        var summary = await WriteAsync(rows);

        await using var file = File.OpenRead(_path);
        var read = await RawSegmentReader.ReadAsync(file);

        Assert.Equal(6, summary.Rows);
        Assert.Equal(T0, summary.MinTimestamp);
        Assert.Equal(T0 + 2 * TimeSpan.TicksPerMinute, summary.MaxTimestamp);
        Assert.Equal(-7.25, summary.MinValue);
        Assert.Equal(200, summary.MaxValue);
        Assert.Equal(rows.OrderBy(r => r.Labels.Hash).Select(Describe), read.Select(Describe));
    }

    [Fact]
    public async Task A_read_keeps_only_the_asked_series_and_time_range()
    {
        var rows = Rows();
        await WriteAsync(rows);

        await using var file = File.OpenRead(_path);
        var read = await RawSegmentReader.ReadAsync(file, new HashSet<string> { SeriesKey.FormatId(rows[0].Labels.Hash) }, T0 + 1, T0 + 2 * TimeSpan.TicksPerMinute);

        var only = Assert.Single(read);
        Assert.Equal([T0 + TimeSpan.TicksPerMinute], only.Timestamps);
        Assert.Equal([2d], only.Values);
    }

    [Fact]
    public async Task DuckDB_reads_the_same_rows_with_a_timestamp_column_and_one_column_per_dimension()
    {
        var rows = Rows();
        await WriteAsync(rows);

        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var columns = new Dictionary<string, string>();
        using (var describe = connection.CreateCommand())
        {
            describe.CommandText = $"DESCRIBE SELECT * FROM read_parquet('{_path}')";
            using var reader = describe.ExecuteReader();
            while (reader.Read())
            {
                columns[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var expected = rows
            .SelectMany(r => r.Timestamps.Select((t, i) => string.Join('|',
                SeriesKey.FormatId(r.Labels.Hash),
                ((t - DateTime.UnixEpoch.Ticks) / 10).ToString(CultureInfo.InvariantCulture),
                r.Values[i].ToString("R", CultureInfo.InvariantCulture),
                r.Labels["loc"] ?? "",
                r.Labels["sku"] ?? "",
                r.Labels["zone"] ?? "")))
            .Order(StringComparer.Ordinal);
        var actual = new List<string>();
        using (var select = connection.CreateCommand())
        {
            select.CommandText = $"SELECT series, epoch_us(timestamp), value, loc, sku, zone FROM read_parquet('{_path}')";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                actual.Add(string.Join('|',
                    reader.GetString(0),
                    reader.GetInt64(1).ToString(CultureInfo.InvariantCulture),
                    reader.GetDouble(2).ToString("R", CultureInfo.InvariantCulture),
                    reader.IsDBNull(3) ? "" : reader.GetString(3),
                    reader.IsDBNull(4) ? "" : reader.GetString(4),
                    reader.IsDBNull(5) ? "" : reader.GetString(5)));
            }
        }

        Assert.Equal(["series", "timestamp", "value", "loc", "sku", "zone"], columns.Keys);
        Assert.StartsWith("TIMESTAMP", columns["timestamp"]);
        Assert.Equal("DOUBLE", columns["value"]);
        Assert.Equal("VARCHAR", columns["sku"]);
        Assert.Equal(expected, actual.Order(StringComparer.Ordinal));
    }

    public void Dispose() => File.Delete(_path);

    private async Task<SegmentSummary> WriteAsync(List<SeriesRows> rows)
    {
        await using var file = File.Create(_path);
        return await RawSegmentWriter.WriteAsync(file, rows);
    }

    private static SeriesLabels Labels(params (string Key, string Value)[] pairs) =>
        new(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)));

    private static string Describe(SeriesRows rows) =>
        $"{rows.Labels}: {string.Join(',', rows.Timestamps.Zip(rows.Values, (t, v) => $"{t}={v.ToString(CultureInfo.InvariantCulture)}"))}";
}
