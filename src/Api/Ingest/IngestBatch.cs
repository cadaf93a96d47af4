namespace Telemetry.Api.Ingest;

/// <summary>
/// What <see cref="IngestBodyReader"/> read from one request body: the records (with their
/// positions) and the records that could not even be parsed, or a whole-request failure.
/// </summary>
public sealed class IngestBatch
{
    private IngestBatch(
        IngestBodyFormat format,
        IReadOnlyList<IngestRecord> records,
        IReadOnlyList<IngestError> errors,
        IngestFailure? failure,
        string? bodyFingerprint,
        long bodyBytes,
        long decodedBytes)
    {
        Format = format;
        Records = records;
        Errors = errors;
        Failure = failure;
        BodyFingerprint = bodyFingerprint;
        BodyBytes = bodyBytes;
        DecodedBytes = decodedBytes;
    }

    public IngestBodyFormat Format { get; }

    /// <summary>Parsed records in body order.</summary>
    public IReadOnlyList<IngestRecord> Records { get; }

    /// <summary>Records rejected while parsing (a malformed NDJSON line), in body order.</summary>
    public IReadOnlyList<IngestError> Errors { get; }

    /// <summary>Set when the whole request is refused; then there are no records.</summary>
    public IngestFailure? Failure { get; }

    /// <summary>
    /// Lowercase hex SHA-256 of the body bytes exactly as received (before decompression);
    /// set only on success. Compare it to detect an <c>Idempotency-Key</c> reused with another body.
    /// </summary>
    public string? BodyFingerprint { get; }

    /// <summary>Bytes read from the request body as received.</summary>
    public long BodyBytes { get; }

    /// <summary>Bytes after decompression (equal to <see cref="BodyBytes"/> without Content-Encoding).</summary>
    public long DecodedBytes { get; }

    public bool Succeeded => Failure is null;

    /// <summary>Records seen in the body, parsed or not.</summary>
    public int RecordCount => Records.Count + Errors.Count;

    internal static IngestBatch Success(
        IngestBodyFormat format,
        IReadOnlyList<IngestRecord> records,
        IReadOnlyList<IngestError> errors,
        string bodyFingerprint,
        long bodyBytes,
        long decodedBytes) =>
        new(format, records, errors, null, bodyFingerprint, bodyBytes, decodedBytes);

    internal static IngestBatch Failed(IngestFailure failure, long bodyBytes = 0, long decodedBytes = 0) =>
        new(IngestBodyFormat.Unknown, [], [], failure, null, bodyBytes, decodedBytes);
}
