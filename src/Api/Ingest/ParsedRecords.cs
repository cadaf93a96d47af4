using System.Buffers;
using System.Text.Json;

namespace Telemetry.Api.Ingest;

/// <summary>
/// Collects the records of one body as they are parsed, numbers them, and stops the read as soon
/// as the body holds more records than a request may.
/// </summary>
internal sealed class ParsedRecords(int maxRecords)
{
    private readonly RecordTextBuffer _text = new();

    public List<IngestRecord> Records { get; } = [];

    public List<IngestError> Errors { get; } = [];

    public int Count => Records.Count + Errors.Count;

    public void Add(JsonElement value) => Records.Add(new IngestRecord(NextIndex(), value));

    /// <summary>Keeps the text of one syntactically valid JSON value (an array item) as the next record.</summary>
    public void AddText(ReadOnlySequence<byte> value) => Records.Add(new IngestRecord(NextIndex(), _text.Add(value)));

    /// <summary>
    /// Checks one NDJSON line and keeps its text; a blank line is not a record, a malformed one is a rejected record.
    /// No document is built here: the validator reads the text.
    /// </summary>
    /// <param name="line">The line without its terminating newline.</param>
    /// <param name="lineNumber">1-based physical line number, for the error message.</param>
    public void AddLine(ReadOnlySequence<byte> line, int lineNumber)
    {
        if (IsBlank(line))
        {
            return;
        }

        var index = NextIndex();
        var reader = new Utf8JsonReader(line);
        try
        {
            // The reader checks the syntax of everything it skips; with the final block in hand, the last Read
            // throws on anything but trailing whitespace.
            reader.Read();
            reader.Skip();
            if (reader.Read())
            {
                throw new JsonException("Only one JSON value may appear on a line.");
            }

            Records.Add(new IngestRecord(index, _text.Add(line)));
        }
        catch (JsonException e)
        {
            Errors.Add(new IngestError(index, IngestErrorCode.InvalidJson, $"Line {lineNumber} is not valid JSON: {e.Message}"));
        }
    }

    internal static bool IsBlank(ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes)
        {
            if (segment.Span.IndexOfAnyExcept(JsonWhitespace) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    internal static ReadOnlySpan<byte> JsonWhitespace => " \t\r\n"u8;

    private int NextIndex()
    {
        var index = Count;
        if (index >= maxRecords)
        {
            throw new IngestRejectedException(IngestFailure.TooManyRecords(maxRecords));
        }

        return index;
    }
}
