namespace Telemetry.Api.Ingest;

/// <summary>Why one record of a request was rejected; <see cref="Index"/> is its 0-based position in the body.</summary>
public sealed record IngestError(int Index, string Code, string Message);
