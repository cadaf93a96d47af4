using Parquet;
using Parquet.Schema;

namespace Telemetry.Segments;

/// <summary>
/// The layout of a raw segment, readable by any Parquet reader: <c>series</c> (the 16-hex series id),
/// <c>timestamp</c> (UTC, microseconds), <c>value</c> (double) and one nullable string column per
/// dimension key. Rows are sorted by series then time; strings are dictionary-encoded and pages
/// Zstd-compressed, which makes slowly changing integer gauges cost well under a byte per sample.
/// </summary>
public static class RawSegmentFormat
{
    public const string SeriesColumn = "series";
    public const string TimestampColumn = "timestamp";
    public const string ValueColumn = "value";

    /// <summary>Rows per row group: large enough for good compression, small enough to prune.</summary>
    public const int RowGroupSize = 1_000_000;

    public static readonly DataField<string> Series = new(SeriesColumn);
    public static readonly DateTimeDataField Timestamp = new(TimestampColumn, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros);
    public static readonly DataField<double> Value = new(ValueColumn);

    public static ParquetOptions Options => new()
    {
        CompressionMethod = CompressionMethod.Zstd,
        DictionaryEncodingThreshold = 0.8,
    };

    public static DataField<string> Dimension(string key) => new(key, true);

    public static bool IsDimension(string column) =>
        column is not (SeriesColumn or TimestampColumn or ValueColumn);
}
