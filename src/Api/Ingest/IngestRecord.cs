using System.Runtime.InteropServices;
using System.Text.Json;

namespace Telemetry.Api.Ingest;

/// <summary>
/// One record as parsed from the body, not yet validated: its position and its JSON, kept as the UTF-8 text it
/// arrived in (NDJSON lines) or as an element (JSON array items). The text form costs no document per record; the
/// validator reads it directly and builds an element only for records it has to explain.
/// </summary>
public readonly struct IngestRecord
{
    private readonly JsonElement _element;
    private readonly ReadOnlyMemory<byte> _text;

    /// <param name="index">0-based position in the body: array element, or non-blank NDJSON line.</param>
    /// <param name="value">The record's JSON; it owns its memory and outlives the request body.</param>
    public IngestRecord(int index, JsonElement value)
    {
        Index = index;
        _element = value;
    }

    /// <param name="index">0-based position in the body.</param>
    /// <param name="text">One syntactically valid JSON value as UTF-8, in memory that outlives the request body.</param>
    public IngestRecord(int index, ReadOnlyMemory<byte> text)
    {
        Index = index;
        _text = text;
    }

    /// <summary>0-based position in the body: array element, or non-blank NDJSON line.</summary>
    public int Index { get; }

    /// <summary>The record's JSON text as UTF-8.</summary>
    public ReadOnlySpan<byte> Utf8Json => IsText ? _text.Span : JsonMarshal.GetRawUtf8Value(_element);

    /// <summary>The record as a JSON element; parsed from the text on each call when the record came as text.</summary>
    public JsonElement Value => IsText ? JsonElement.Parse(_text.Span) : _element;

    private bool IsText => _element.ValueKind == JsonValueKind.Undefined;
}
