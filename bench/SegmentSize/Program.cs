// Bytes on disk per sample of raw segments for the workload issue #4 names: 10k gauge series,
// one sample a minute for 24 h, integer stock levels that change now and then.
// Run: dotnet run -c Release --project bench/SegmentSize [-- <series> <minutes>]
using System.Diagnostics;
using Telemetry.Segments;
using Telemetry.Series;

var seriesCount = args.Length > 0 ? int.Parse(args[0]) : 10_000;
var minutes = args.Length > 1 ? int.Parse(args[1]) : 1_440;
var random = new Random(42);
var start = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
var rows = new List<SeriesRows>(seriesCount);
for (var s = 0; s < seriesCount; s++)
{
    var labels = new SeriesLabels([
        KeyValuePair.Create("sku", $"SKU-{s % 2_000:D5}"),
        KeyValuePair.Create("location_id", $"loc_{s / 2_000}")]);
    var timestamps = new long[minutes];
    var values = new double[minutes];
    var level = (double)random.Next(0, 500);
    for (var m = 0; m < minutes; m++)
    {
        timestamps[m] = start + TimeSpan.FromMinutes(m).Ticks;
        if (random.NextDouble() < 0.02)
        {
            // A pick or a receipt: the level steps, never below zero.
            level = Math.Max(0, level + random.Next(-20, 30));
        }

        values[m] = level;
    }

    rows.Add(new SeriesRows(labels, timestamps, values));
}

var path = Path.Combine(Path.GetTempPath(), $"segment-size-{Guid.NewGuid():N}.parquet");
var clock = Stopwatch.StartNew();
SegmentSummary summary;
await using (var file = File.Create(path))
{
    summary = await RawSegmentWriter.WriteAsync(file, rows);
}

clock.Stop();
var bytes = new FileInfo(path).Length;
File.Delete(path);
Console.WriteLine($"series={seriesCount} minutes={minutes} samples={summary.Rows}");
Console.WriteLine($"bytes={bytes} bytes_per_sample={(double)bytes / summary.Rows:0.000} write_seconds={clock.Elapsed.TotalSeconds:0.00} rows_per_second={summary.Rows / clock.Elapsed.TotalSeconds:0}");
