namespace Telemetry.Api.Ingest;

/// <summary>
/// Body of a <c>202</c> from <c>POST /ingest</c> (and of a <c>200</c> from <c>/ingest/validate</c>, where
/// nothing was stored): how many records were accepted and rejected, and why each rejected one was.
/// </summary>
public sealed record IngestResponse(string IngestionId, int Accepted, int Rejected, IngestError[] Errors);
