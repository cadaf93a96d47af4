namespace Telemetry.Api.Ingest;

/// <summary>The stable <c>code</c> values of ingest errors, for whole requests and for single records.</summary>
public static class IngestErrorCode
{
    // Whole request.
    public const string EmptyBody = "empty_body";
    public const string InvalidJson = "invalid_json";
    public const string InvalidEncoding = "invalid_encoding";
    public const string UnsupportedEncoding = "unsupported_encoding";
    public const string BodyTooLarge = "body_too_large";
    public const string TooManyRecords = "too_many_records";

    // One record. InvalidJson also applies to one NDJSON line.
    public const string InvalidRecord = "invalid_record";
    public const string InvalidMetric = "invalid_metric";
    public const string InvalidType = "invalid_type";
    public const string InvalidValue = "invalid_value";
    public const string InvalidTimestamp = "invalid_timestamp";
    public const string TimestampInFuture = "timestamp_in_future";
    public const string TooOld = "too_old";
    public const string InvalidDimensions = "invalid_dimensions";
    public const string TooManyDimensions = "too_many_dimensions";
    public const string InvalidMetadata = "invalid_metadata";
}
