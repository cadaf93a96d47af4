using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text.Json;

namespace Telemetry.Api.Ingest;

/// <summary>
/// Reads an ingest request body as a stream: a JSON array, a single JSON object, or NDJSON,
/// optionally gzip-compressed. It never holds the body as one string; size and record limits are
/// enforced while the bytes arrive, and the body fingerprint is hashed as they pass.
/// </summary>
public static class IngestBodyReader
{
    private const int PipeBufferSize = 64 * 1024;

    private static readonly string[] NdjsonMediaTypes =
    [
        "application/x-ndjson",
        "application/ndjson",
        "application/jsonl",
        "application/x-jsonlines",
        "application/jsonlines",
    ];

    /// <summary>
    /// Reads all records of <paramref name="body"/>. Whole-request problems come back as
    /// <see cref="IngestBatch.Failure"/>, never as exceptions; only cancellation and I/O errors of
    /// the underlying stream are thrown.
    /// </summary>
    /// <param name="body">The request body as received.</param>
    /// <param name="contentType">The <c>Content-Type</c> header; NDJSON types select line-by-line parsing.</param>
    /// <param name="contentEncoding">The <c>Content-Encoding</c> header: none, <c>identity</c> or <c>gzip</c>.</param>
    /// <param name="options">The size and record limits to enforce.</param>
    /// <param name="cancellationToken">Aborts the read (the client went away).</param>
    public static async Task<IngestBatch> ReadAsync(
        Stream body,
        string? contentType,
        string? contentEncoding,
        IngestOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(options);

        if (!TryParseEncoding(contentEncoding, out var gzip))
        {
            return IngestBatch.Failed(IngestFailure.UnsupportedEncoding(contentEncoding!.Trim()));
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var raw = new MeteredReadStream(
            body,
            options.MaxBodyBytes,
            limit => IngestFailure.BodyTooLarge($"The request body is larger than {limit} bytes as sent; split it into smaller requests."),
            hash);
        Stream decompressed = gzip ? new GZipStream(raw, CompressionMode.Decompress, leaveOpen: true) : raw;
        var decoded = new MeteredReadStream(
            decompressed,
            options.MaxDecompressedBytes,
            limit => IngestFailure.BodyTooLarge($"The request body is larger than {limit} bytes after decompression; split it into smaller requests."));
        var pipe = PipeReader.Create(decoded, new StreamPipeReaderOptions(bufferSize: PipeBufferSize, leaveOpen: true));

        try
        {
            var records = new ParsedRecords(options.MaxRecordsPerRequest);
            var format = await ReadRecordsAsync(pipe, IsNdjson(contentType), records, cancellationToken).ConfigureAwait(false);

            // Bytes the decoder did not need still belong to the body: to its size limit and its fingerprint.
            await raw.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);

            return IngestBatch.Success(
                format,
                records.Records,
                records.Errors,
                Convert.ToHexStringLower(hash.GetHashAndReset()),
                raw.BytesRead,
                decoded.BytesRead);
        }
        catch (IngestRejectedException e)
        {
            return IngestBatch.Failed(e.Failure, raw.BytesRead, decoded.BytesRead);
        }
        catch (InvalidDataException) when (gzip)
        {
            return IngestBatch.Failed(
                IngestFailure.InvalidEncoding("The body is not valid gzip data although Content-Encoding says gzip."),
                raw.BytesRead,
                decoded.BytesRead);
        }
        finally
        {
            await pipe.CompleteAsync().ConfigureAwait(false);
            if (gzip)
            {
                await decompressed.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<IngestBodyFormat> ReadRecordsAsync(
        PipeReader pipe,
        bool ndjson,
        ParsedRecords records,
        CancellationToken cancellationToken)
    {
        var first = await SkipLeadingWhitespaceAsync(pipe, cancellationToken).ConfigureAwait(false);
        if (first < 0)
        {
            throw new IngestRejectedException(IngestFailure.EmptyBody());
        }

        if (ndjson)
        {
            await ReadLinesAsync(pipe, records, cancellationToken).ConfigureAwait(false);
            return IngestBodyFormat.Ndjson;
        }

        switch (first)
        {
            case (byte)'[':
                await ReadArrayItemsAsync(pipe, records, cancellationToken).ConfigureAwait(false);
                return IngestBodyFormat.JsonArray;

            case (byte)'{':
                // One object, or NDJSON sent as application/json. A first line that is a whole
                // object means NDJSON (one line is then just one record); an object that goes on
                // past its first line is pretty-printed JSON.
                switch (await PeekFirstLineAsync(pipe, cancellationToken).ConfigureAwait(false))
                {
                    case FirstLine.CompleteObject:
                        await ReadLinesAsync(pipe, records, cancellationToken).ConfigureAwait(false);
                        return records.Count == 1 ? IngestBodyFormat.JsonObject : IngestBodyFormat.Ndjson;
                    case FirstLine.Incomplete:
                        await ReadTopLevelValuesAsync(pipe, records, cancellationToken).ConfigureAwait(false);
                        return IngestBodyFormat.JsonObject;
                    default:
                        throw new IngestRejectedException(IngestFailure.InvalidJson(
                            "The body is not valid JSON: its first line starts an object but is malformed."));
                }

            default:
                throw new IngestRejectedException(IngestFailure.InvalidJson(
                    "The body must be a JSON array of records, a JSON object, or NDJSON (one object per line)."));
        }
    }

    /// <summary>
    /// Streams a JSON array's items into records as text, checking the syntax of everything on the way (trailing
    /// content after the array included) without building a document per item.
    /// </summary>
    private static async Task ReadArrayItemsAsync(PipeReader pipe, ParsedRecords records, CancellationToken cancellationToken)
    {
        var items = new ArrayItemSplitter();
        long waitFor = 0;
        try
        {
            while (true)
            {
                var result = await pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (buffer.Length < waitFor && !result.IsCompleted)
                {
                    pipe.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                }

                var consumed = items.Split(buffer, result.IsCompleted, records);
                var progressed = !consumed.Equals(buffer.Start);

                // An item longer than what is buffered is scanned again from its start once twice as much has
                // arrived, so a large item costs linear time however thinly its bytes trickle in.
                waitFor = progressed ? 0 : buffer.Length * 2;
                pipe.AdvanceTo(consumed, buffer.End);
                if (result.IsCompleted)
                {
                    if (!items.Ended)
                    {
                        throw new JsonException("The array is not closed.");
                    }

                    return;
                }
            }
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
            throw new IngestRejectedException(IngestFailure.InvalidJson($"The body is not valid JSON{where}; nothing was ingested."));
        }
    }

    /// <summary>Streams a sequence of top-level JSON values into records.</summary>
    private static async Task ReadTopLevelValuesAsync(
        PipeReader pipe,
        ParsedRecords records,
        CancellationToken cancellationToken)
    {
        await using var stream = pipe.AsStream(leaveOpen: true);
        try
        {
            var values = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, topLevelValues: true, options: null, cancellationToken);
            await foreach (var value in values.ConfigureAwait(false))
            {
                records.Add(value);
            }
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
            throw new IngestRejectedException(IngestFailure.InvalidJson($"The body is not valid JSON{where}; nothing was ingested."));
        }
    }

    private static async Task ReadLinesAsync(PipeReader pipe, ParsedRecords records, CancellationToken cancellationToken)
    {
        var lineNumber = 0;
        long scanned = 0;
        while (true)
        {
            var result = await pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var consumed = ConsumeLines(buffer, result.IsCompleted, records, ref lineNumber, ref scanned);
            pipe.AdvanceTo(consumed, buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Hands every complete line of <paramref name="buffer"/> to the records and returns where the
    /// unfinished line starts. <paramref name="scanned"/> carries how much of the unfinished line is
    /// known to hold no newline, so a long line is searched once, not once per read.
    /// </summary>
    private static SequencePosition ConsumeLines(
        ReadOnlySequence<byte> buffer,
        bool isFinal,
        ParsedRecords records,
        ref int lineNumber,
        ref long scanned)
    {
        while (buffer.Slice(scanned).PositionOf((byte)'\n') is { } newline)
        {
            records.AddLine(buffer.Slice(0, newline), ++lineNumber);
            buffer = buffer.Slice(buffer.GetPosition(1, newline));
            scanned = 0;
        }

        if (isFinal && !buffer.IsEmpty)
        {
            records.AddLine(buffer, ++lineNumber);
            buffer = buffer.Slice(buffer.End);
        }

        scanned = buffer.Length;
        return buffer.Start;
    }

    /// <summary>Consumes a UTF-8 byte order mark and leading whitespace; returns the first other byte, or -1 for an empty body.</summary>
    private static async Task<int> SkipLeadingWhitespaceAsync(PipeReader pipe, CancellationToken cancellationToken)
    {
        var atStart = true;
        while (true)
        {
            var result = await pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (atStart)
            {
                if (buffer.Length < 3 && !result.IsCompleted)
                {
                    pipe.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                }

                atStart = false;
                if (StartsWithByteOrderMark(buffer))
                {
                    buffer = buffer.Slice(3);
                }
            }

            var first = FirstNonWhitespace(buffer, out var position);
            if (first >= 0)
            {
                pipe.AdvanceTo(position);
                return first;
            }

            pipe.AdvanceTo(buffer.End);
            if (result.IsCompleted)
            {
                return -1;
            }
        }
    }

    private static int FirstNonWhitespace(ReadOnlySequence<byte> buffer, out SequencePosition position)
    {
        var reader = new SequenceReader<byte>(buffer);
        reader.AdvancePastAny(ParsedRecords.JsonWhitespace);
        position = reader.Position;
        return reader.TryPeek(out var value) ? value : -1;
    }

    private static bool StartsWithByteOrderMark(ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < 3)
        {
            return false;
        }

        Span<byte> head = stackalloc byte[3];
        buffer.Slice(0, 3).CopyTo(head);
        return head.SequenceEqual("\uFEFF"u8);
    }

    /// <summary>Looks at the first line without consuming anything.</summary>
    private static async Task<FirstLine> PeekFirstLineAsync(PipeReader pipe, CancellationToken cancellationToken)
    {
        long scanned = 0;
        while (true)
        {
            var result = await pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var newline = buffer.Slice(scanned).PositionOf((byte)'\n');
            if (newline is not null || result.IsCompleted)
            {
                var shape = ClassifyFirstLine(newline is { } end ? buffer.Slice(0, end) : buffer);
                pipe.AdvanceTo(buffer.Start);
                return shape;
            }

            scanned = buffer.Length;
            pipe.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static FirstLine ClassifyFirstLine(ReadOnlySequence<byte> line)
    {
        var reader = new Utf8JsonReader(line, isFinalBlock: false, state: default);
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth == 0 && reader.TokenType == JsonTokenType.EndObject)
                {
                    return ParsedRecords.IsBlank(line.Slice(reader.BytesConsumed)) ? FirstLine.CompleteObject : FirstLine.Malformed;
                }
            }

            return FirstLine.Incomplete;
        }
        catch (JsonException)
        {
            return FirstLine.Malformed;
        }
    }

    private static bool TryParseEncoding(string? contentEncoding, out bool gzip)
    {
        gzip = false;
        var encoding = contentEncoding?.Trim();
        if (string.IsNullOrEmpty(encoding) || encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || encoding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase);
        return gzip;
    }

    private static bool IsNdjson(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return false;
        }

        var mediaType = contentType.AsSpan();
        var parameters = mediaType.IndexOf(';');
        if (parameters >= 0)
        {
            mediaType = mediaType[..parameters];
        }

        mediaType = mediaType.Trim();
        foreach (var ndjson in NdjsonMediaTypes)
        {
            if (mediaType.Equals(ndjson, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private enum FirstLine
    {
        CompleteObject,
        Incomplete,
        Malformed,
    }
}
