using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Telemetry.Series;

namespace Telemetry.Api.Ingest;

/// <summary>
/// Checks parsed ingest records against the record contract and the configured limits, turning
/// each into a <see cref="ValidSample"/> or an <see cref="IngestError"/> that names the field.
/// The first problem found in a record is the one reported. Records in the plain shape, with a metric name and
/// dimensions already accepted, take <see cref="PlainRecordReader"/>'s shortcut to the same verdict.
/// </summary>
public sealed partial class SampleValidator(IngestOptions options, TimeProvider timeProvider)
{
    private const int MaxQuotedLength = 64;

    /// <summary>
    /// Validates every record of a successfully read batch against one reading of the clock, and
    /// merges the batch's parse errors with the validation errors in body order.
    /// </summary>
    /// <param name="batch">A batch with no <see cref="IngestBatch.Failure"/>.</param>
    /// <param name="oldestAllowed">Start of the hot window; older samples are rejected <c>too_old</c>.</param>
    public ValidatedBatch Validate(IngestBatch batch, DateTimeOffset oldestAllowed)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!batch.Succeeded)
        {
            throw new ArgumentException("A failed batch has no records to validate.", nameof(batch));
        }

        var now = timeProvider.GetUtcNow();
        var samples = new List<ValidSample>(batch.Records.Count);
        var errors = new List<IngestError>(batch.Errors);
        foreach (var record in batch.Records)
        {
            if (TryValidate(record, now, oldestAllowed, out var sample, out var error))
            {
                samples.Add(sample);
            }
            else
            {
                errors.Add(error);
            }
        }

        errors.Sort((a, b) => a.Index.CompareTo(b.Index));
        return new ValidatedBatch(samples, errors);
    }

    /// <summary>Validates one record.</summary>
    /// <param name="record">The parsed record.</param>
    /// <param name="now">Server time: the default timestamp and the base of the future-skew limit.</param>
    /// <param name="oldestAllowed">Start of the hot window; older samples are rejected <c>too_old</c>.</param>
    /// <param name="sample">The sample when the record is valid.</param>
    /// <param name="error">Why the record is not valid.</param>
    public bool TryValidate(
        IngestRecord record,
        DateTimeOffset now,
        DateTimeOffset oldestAllowed,
        [NotNullWhen(true)] out ValidSample? sample,
        [NotNullWhen(false)] out IngestError? error)
    {
        if (PlainRecordReader.TryRead(record.Utf8Json, record.Index, options, now, oldestAllowed, out sample))
        {
            error = null;
            return true;
        }

        try
        {
            error = Check(record, now, oldestAllowed, out sample);
        }
        catch (InvalidOperationException)
        {
            // JsonElement.GetString refuses strings that are not valid UTF-8.
            sample = null;
            error = new IngestError(record.Index, IngestErrorCode.InvalidRecord, "The record contains text that is not valid UTF-8.");
        }

        return error is null;
    }

    private IngestError? Check(IngestRecord record, DateTimeOffset now, DateTimeOffset oldestAllowed, out ValidSample? sample)
    {
        sample = null;
        var index = record.Index;
        var element = record.Value;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return new(index, IngestErrorCode.InvalidRecord, $"A record must be a JSON object; got {Show(element)}.");
        }

        JsonElement metricField = default, typeField = default, valueField = default;
        JsonElement timestampField = default, dimensionsField = default, metadataField = default;
        foreach (var property in element.EnumerateObject())
        {
            var first =
                property.NameEquals("metric"u8) ? Assign(ref metricField, property.Value)
                : property.NameEquals("type"u8) ? Assign(ref typeField, property.Value)
                : property.NameEquals("value"u8) ? Assign(ref valueField, property.Value)
                : property.NameEquals("timestamp"u8) ? Assign(ref timestampField, property.Value)
                : property.NameEquals("dimensions"u8) ? Assign(ref dimensionsField, property.Value)
                : !property.NameEquals("metadata"u8) || Assign(ref metadataField, property.Value);
            if (!first)
            {
                return new(index, IngestErrorCode.InvalidRecord, $"Field '{property.Name}' appears more than once.");
            }
        }

        if (CheckMetric(metricField, out var metric) is { } metricProblem)
        {
            return new(index, IngestErrorCode.InvalidMetric, metricProblem);
        }

        if (CheckType(typeField, out var type) is { } typeProblem)
        {
            return new(index, IngestErrorCode.InvalidType, typeProblem);
        }

        if (CheckValue(valueField, type, out var value) is { } valueProblem)
        {
            return new(index, IngestErrorCode.InvalidValue, valueProblem);
        }

        if (CheckTimestamp(timestampField, now, oldestAllowed, out var ticks, out var defaulted) is { } timestampProblem)
        {
            return new(index, timestampProblem.Code, timestampProblem.Message);
        }

        if (CheckDimensions(dimensionsField, out var labels) is { } dimensionsProblem)
        {
            return new(index, dimensionsProblem.Code, dimensionsProblem.Message);
        }

        if (IsPresent(metadataField) && metadataField.ValueKind != JsonValueKind.Object)
        {
            return new(index, IngestErrorCode.InvalidMetadata, $"Field 'metadata' must be an object when present; got {Show(metadataField)}.");
        }

        sample = new ValidSample(index, metric, type, value, ticks, labels, defaulted);
        PlainRecordReader.LearnMetric(metric);
        if (IsPresent(dimensionsField))
        {
            PlainRecordReader.LearnDimensions(JsonMarshal.GetRawUtf8Value(dimensionsField), labels);
        }

        return null;
    }

    private string? CheckMetric(JsonElement field, out string metric)
    {
        metric = "";
        if (!IsPresent(field))
        {
            return "Field 'metric' is required.";
        }

        if (field.ValueKind != JsonValueKind.String)
        {
            return $"Field 'metric' must be a string; got {Show(field)}.";
        }

        metric = field.GetString()!;
        if (metric.Length == 0 || metric.Length > options.MaxMetricNameLength)
        {
            return $"Field 'metric' must be 1 to {options.MaxMetricNameLength} characters long; got {metric.Length}.";
        }

        return MetricName().IsMatch(metric)
            ? null
            : $"Field 'metric' value {Quote(metric)} is not a valid metric name: use letters, digits, '_', '.', ':' and '-', starting with a letter or '_'.";
    }

    private static string? CheckType(JsonElement field, out MetricType type)
    {
        type = MetricType.Gauge;
        if (!IsPresent(field))
        {
            return null;
        }

        if (field.ValueKind == JsonValueKind.String)
        {
            var name = field.GetString()!;
            MetricType? parsed =
                name.Equals("gauge", StringComparison.OrdinalIgnoreCase) ? MetricType.Gauge
                : name.Equals("counter", StringComparison.OrdinalIgnoreCase) ? MetricType.Counter
                : name.Equals("histogram", StringComparison.OrdinalIgnoreCase) ? MetricType.Histogram
                : name.Equals("set", StringComparison.OrdinalIgnoreCase) ? MetricType.Set
                : name.Equals("summary", StringComparison.OrdinalIgnoreCase) ? MetricType.Summary
                : null;
            if (parsed is { } known)
            {
                type = known;
                return null;
            }
        }

        return $"Field 'type' must be one of gauge, counter, histogram, set or summary; got {Show(field)}.";
    }

    private static string? CheckValue(JsonElement field, MetricType type, out double value)
    {
        value = 0;
        if (!IsPresent(field))
        {
            return "Field 'value' is required.";
        }

        if (field.ValueKind != JsonValueKind.Number)
        {
            return $"Field 'value' must be a JSON number; got {Show(field)}.";
        }

        if (!field.TryGetDouble(out value) || !double.IsFinite(value))
        {
            return $"Field 'value' must be a finite number; {Show(field)} is out of range.";
        }

        return type == MetricType.Counter && value < 0
            ? $"Field 'value' is {Show(field)} but the metric is a counter: counters are cumulative totals and cannot be negative (send the running total, not a change)."
            : null;
    }

    private (string Code, string Message)? CheckTimestamp(
        JsonElement field,
        DateTimeOffset now,
        DateTimeOffset oldestAllowed,
        out long utcTicks,
        out bool defaulted)
    {
        defaulted = false;
        utcTicks = 0;
        if (!IsPresent(field))
        {
            defaulted = true;
            utcTicks = now.UtcTicks;
            return null;
        }

        var parsed = field.ValueKind switch
        {
            JsonValueKind.String => Rfc3339Timestamp.TryParseUtcTicks(field.GetString()!, out utcTicks),
            JsonValueKind.Number => TryParseEpochMilliseconds(field, out utcTicks),
            _ => false,
        };
        if (!parsed)
        {
            return (IngestErrorCode.InvalidTimestamp,
                $"Field 'timestamp' must be an RFC 3339 date-time with an offset (like 2025-08-29T12:00:00Z) or an integer of Unix epoch milliseconds; got {Show(field)}.");
        }

        if (utcTicks > LatestAllowed(now, options))
        {
            return (IngestErrorCode.TimestampInFuture,
                $"Field 'timestamp' {Format(utcTicks)} is more than {options.MaxFutureSkew} ahead of the server time {Format(now.UtcTicks)}.");
        }

        if (utcTicks < oldestAllowed.UtcTicks)
        {
            var hint = field.ValueKind == JsonValueKind.Number ? " Numeric timestamps are Unix epoch milliseconds, not seconds." : "";
            return (IngestErrorCode.TooOld,
                $"Field 'timestamp' {Format(utcTicks)} is older than the hot window, which starts at {Format(oldestAllowed.UtcTicks)}.{hint}");
        }

        return null;
    }

    /// <summary>Whether a given timestamp is neither too far ahead of the server time nor older than the hot window.</summary>
    internal static bool IsWithinWindow(long utcTicks, DateTimeOffset now, DateTimeOffset oldestAllowed, IngestOptions options) =>
        utcTicks <= LatestAllowed(now, options) && utcTicks >= oldestAllowed.UtcTicks;

    private static long LatestAllowed(DateTimeOffset now, IngestOptions options) => (now + options.MaxFutureSkew).UtcTicks;

    private (string Code, string Message)? CheckDimensions(JsonElement field, out SeriesLabels labels)
    {
        labels = SeriesLabels.Empty;
        if (!IsPresent(field))
        {
            return null;
        }

        if (field.ValueKind != JsonValueKind.Object)
        {
            return (IngestErrorCode.InvalidDimensions, $"Field 'dimensions' must be an object of key/value pairs; got {Show(field)}.");
        }

        var count = 0;
        foreach (var _ in field.EnumerateObject())
        {
            count++;
        }

        if (count > options.MaxDimensions)
        {
            return (IngestErrorCode.TooManyDimensions, $"Field 'dimensions' has {count} keys; at most {options.MaxDimensions} are allowed.");
        }

        if (count == 0)
        {
            return null;
        }

        var pairs = new List<KeyValuePair<string, string>>(count);
        foreach (var property in field.EnumerateObject())
        {
            if (CheckDimension(property, pairs, out var value) is { } problem)
            {
                return (IngestErrorCode.InvalidDimensions, problem);
            }

            pairs.Add(new(property.Name, value));
        }

        labels = new SeriesLabels(pairs);
        return null;
    }

    private string? CheckDimension(JsonProperty property, List<KeyValuePair<string, string>> earlier, out string value)
    {
        value = "";
        var key = property.Name;
        if (key.Length == 0 || key.Length > options.MaxDimensionKeyLength)
        {
            return $"Dimension key {Quote(key)} must be 1 to {options.MaxDimensionKeyLength} characters long.";
        }

        if (!DimensionKey().IsMatch(key))
        {
            return $"Dimension key {Quote(key)} is not valid: use letters, digits, '_', '.' and '-', starting with a letter or '_'.";
        }

        if (key.StartsWith("__", StringComparison.Ordinal))
        {
            return $"Dimension key {Quote(key)} is reserved: keys starting with '__' are for internal use.";
        }

        if (earlier.Exists(pair => string.Equals(pair.Key, key, StringComparison.Ordinal)))
        {
            return $"Dimension {Quote(key)} appears more than once.";
        }

        var text = property.Value.ValueKind switch
        {
            JsonValueKind.String => property.Value.GetString(),
            JsonValueKind.Number => property.Value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        if (text is null)
        {
            return $"Dimension {Quote(key)} must have a string, number or boolean value; got {Show(property.Value)}.";
        }

        if (text.Length == 0)
        {
            return $"Dimension {Quote(key)} has an empty value; leave the dimension out instead.";
        }

        if (text.Length > options.MaxDimensionValueLength)
        {
            return $"Dimension {Quote(key)} has a value of {text.Length} characters; at most {options.MaxDimensionValueLength} are allowed.";
        }

        value = text;
        return null;
    }

    private static bool TryParseEpochMilliseconds(JsonElement field, out long utcTicks)
    {
        utcTicks = 0;
        return field.TryGetInt64(out var milliseconds) && TryConvertEpochMilliseconds(milliseconds, out utcTicks);
    }

    /// <summary>Unix epoch milliseconds as UTC ticks; false outside the years 0001 to 9999.</summary>
    internal static bool TryConvertEpochMilliseconds(long milliseconds, out long utcTicks)
    {
        const long minMilliseconds = -62_135_596_800_000; // 0001-01-01T00:00:00Z
        const long maxMilliseconds = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z
        utcTicks = 0;
        if (milliseconds is < minMilliseconds or > maxMilliseconds)
        {
            return false;
        }

        utcTicks = DateTime.UnixEpoch.Ticks + (milliseconds * TimeSpan.TicksPerMillisecond);
        return true;
    }

    /// <summary>Records the first occurrence of a field; false when it was already set.</summary>
    private static bool Assign(ref JsonElement slot, JsonElement value)
    {
        if (slot.ValueKind != JsonValueKind.Undefined)
        {
            return false;
        }

        slot = value;
        return true;
    }

    /// <summary>Absent and <c>null</c> mean the same for every field: not given.</summary>
    private static bool IsPresent(JsonElement field) => field.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);

    private static string Format(long utcTicks) =>
        new DateTime(utcTicks, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static string Show(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => Quote(element.GetString()!),
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Undefined => "nothing",
        _ => Truncate(element.GetRawText()),
    };

    private static string Quote(string text) => $"'{Truncate(text)}'";

    private static string Truncate(string text) => text.Length <= MaxQuotedLength ? text : string.Concat(text.AsSpan(0, MaxQuotedLength), "…");

    [GeneratedRegex(@"\A[a-zA-Z_][a-zA-Z0-9_.:-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex MetricName();

    [GeneratedRegex(@"\A[a-zA-Z_][a-zA-Z0-9_.-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex DimensionKey();
}
