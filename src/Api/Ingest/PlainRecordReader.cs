using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using Telemetry.Series;

namespace Telemetry.Api.Ingest;

/// <summary>
/// The ingest fast path: accepts a record straight from its UTF-8 text, without a JSON document, when it has the
/// plain shape senders use and its metric name and dimensions object are ones <see cref="SampleValidator"/> already
/// accepted (looked up by their raw bytes, so the canonical labels are not rebuilt and rehashed per record). It never
/// rejects: anything unusual (escaped names, a new dimension set, a value out of range, a duplicate field) is
/// declined, and the full validator then accepts or explains the record and teaches this reader what it accepted.
/// </summary>
internal static class PlainRecordReader
{
    private const int MaxTimestampLength = 64;

    // Bounded: about 100k series per silo is the design's working set; beyond it the cache starts over.
    private static readonly RawTextCache<string> Metrics = new(capacity: 10_000);
    private static readonly RawTextCache<KnownDimensions> DimensionSets = new(capacity: 100_000);

    /// <summary>A dimensions object that passed validation, with what the configurable limits are checked against.</summary>
    private sealed record KnownDimensions(SeriesLabels Labels, int LongestKey, int LongestValue);

    [Flags]
    private enum Field
    {
        None = 0,
        Metric = 1,
        Type = 2,
        Value = 4,
        Timestamp = 8,
        Dimensions = 16,
        Metadata = 32,
    }

    /// <summary>Reads a record the full validator would accept with exactly this sample; false means "validate it in full".</summary>
    public static bool TryRead(
        ReadOnlySpan<byte> json, int index, IngestOptions options, DateTimeOffset now, DateTimeOffset oldestAllowed,
        [NotNullWhen(true)] out ValidSample? sample)
    {
        sample = null;
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        string? metric = null;
        var type = MetricType.Gauge;
        double? value = null;
        long? timestamp = null;
        var labels = SeriesLabels.Empty;
        var seen = Field.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.ValueIsEscaped ? Field.None : FieldNamed(reader.ValueSpan);
            if ((seen & field) != 0 || reader.ValueIsEscaped)
            {
                return false;
            }

            seen |= field;
            reader.Read();
            var read = field switch
            {
                Field.Metric => TryReadMetric(ref reader, options, out metric),
                Field.Type => TryReadType(ref reader, out type),
                Field.Value => TryReadValue(ref reader, out value),
                Field.Timestamp => TryReadTimestamp(ref reader, out timestamp),
                Field.Dimensions => TryReadDimensions(ref reader, json, options, out labels),
                Field.Metadata => reader.TokenType is JsonTokenType.StartObject or JsonTokenType.Null && reader.TrySkip(),
                _ => reader.TrySkip(),
            };
            if (!read)
            {
                return false;
            }
        }

        if (metric is null || value is not { } number || (type == MetricType.Counter && number < 0)
            || (timestamp is { } ticks && !SampleValidator.IsWithinWindow(ticks, now, oldestAllowed, options)))
        {
            return false;
        }

        sample = new ValidSample(index, metric, type, number, timestamp ?? now.UtcTicks, labels, timestamp is null);
        return true;
    }

    /// <summary>Remembers a metric name the full validator accepted.</summary>
    public static void LearnMetric(string metric) => Metrics.Add(Encoding.UTF8.GetBytes(metric), metric);

    /// <summary>Remembers the canonical labels the full validator made of a dimensions object's raw text.</summary>
    public static void LearnDimensions(ReadOnlySpan<byte> rawObject, SeriesLabels labels) => DimensionSets.Add(
        rawObject,
        new KnownDimensions(
            labels,
            labels.Pairs.Select(p => p.Key.Length).DefaultIfEmpty().Max(),
            labels.Pairs.Select(p => p.Value.Length).DefaultIfEmpty().Max()));

    private static Field FieldNamed(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("metric"u8) ? Field.Metric
        : name.SequenceEqual("type"u8) ? Field.Type
        : name.SequenceEqual("value"u8) ? Field.Value
        : name.SequenceEqual("timestamp"u8) ? Field.Timestamp
        : name.SequenceEqual("dimensions"u8) ? Field.Dimensions
        : name.SequenceEqual("metadata"u8) ? Field.Metadata
        : Field.None;

    private static bool TryReadMetric(ref Utf8JsonReader reader, IngestOptions options, [NotNullWhen(true)] out string? metric)
    {
        metric = null;
        return reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped
            && Metrics.TryGet(reader.ValueSpan, out metric)
            && metric.Length <= options.MaxMetricNameLength;
    }

    private static bool TryReadType(ref Utf8JsonReader reader, out MetricType type)
    {
        type = MetricType.Gauge;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
        {
            return false;
        }

        var name = reader.ValueSpan;
        MetricType? known =
            Ascii.EqualsIgnoreCase(name, "gauge"u8) ? MetricType.Gauge
            : Ascii.EqualsIgnoreCase(name, "counter"u8) ? MetricType.Counter
            : Ascii.EqualsIgnoreCase(name, "histogram"u8) ? MetricType.Histogram
            : Ascii.EqualsIgnoreCase(name, "set"u8) ? MetricType.Set
            : Ascii.EqualsIgnoreCase(name, "summary"u8) ? MetricType.Summary
            : null;
        type = known ?? MetricType.Gauge;
        return known is not null;
    }

    private static bool TryReadValue(ref Utf8JsonReader reader, out double? value)
    {
        value = null;
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            return false;
        }

        value = number;
        return true;
    }

    /// <summary>An RFC 3339 string or epoch milliseconds; null (or JSON null) means "server time".</summary>
    private static bool TryReadTimestamp(ref Utf8JsonReader reader, out long? utcTicks)
    {
        utcTicks = null;
        long ticks;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.Number:
                if (!reader.TryGetInt64(out var milliseconds) || !SampleValidator.TryConvertEpochMilliseconds(milliseconds, out ticks))
                {
                    return false;
                }

                break;
            case JsonTokenType.String when !reader.ValueIsEscaped && reader.ValueSpan.Length <= MaxTimestampLength && Ascii.IsValid(reader.ValueSpan):
                Span<char> text = stackalloc char[MaxTimestampLength];
                Ascii.ToUtf16(reader.ValueSpan, text, out var length);
                if (!Rfc3339Timestamp.TryParseUtcTicks(text[..length], out ticks))
                {
                    return false;
                }

                break;
            default:
                return false;
        }

        utcTicks = ticks;
        return true;
    }

    private static bool TryReadDimensions(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, IngestOptions options, out SeriesLabels labels)
    {
        labels = SeriesLabels.Empty;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var start = (int)reader.TokenStartIndex;
        if (!reader.TrySkip() || !DimensionSets.TryGet(json[start..(int)reader.BytesConsumed], out var known)
            || known.Labels.Count > options.MaxDimensions
            || known.LongestKey > options.MaxDimensionKeyLength
            || known.LongestValue > options.MaxDimensionValueLength)
        {
            return false;
        }

        labels = known.Labels;
        return true;
    }
}
