using System.Text.Json;

namespace Telemetry.Api.Ingest;

/// <summary>One record as parsed from the body, not yet validated.</summary>
/// <param name="Index">0-based position in the body: array element, or non-blank NDJSON line.</param>
/// <param name="Value">The record's JSON; it owns its memory and outlives the request body.</param>
public readonly record struct IngestRecord(int Index, JsonElement Value);
