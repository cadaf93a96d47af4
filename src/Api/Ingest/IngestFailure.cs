using Microsoft.AspNetCore.Http;

namespace Telemetry.Api.Ingest;

/// <summary>Why a whole request was refused; nothing in it is ingested.</summary>
/// <param name="Code">A stable code from <see cref="IngestErrorCode"/>.</param>
/// <param name="StatusCode">The HTTP status to answer with (400, 413 or 415).</param>
/// <param name="Message">A sentence for the client.</param>
public sealed record IngestFailure(string Code, int StatusCode, string Message)
{
    internal static IngestFailure EmptyBody() =>
        new(IngestErrorCode.EmptyBody, StatusCodes.Status400BadRequest, "The request body is empty; send a JSON array, a JSON object or NDJSON.");

    internal static IngestFailure InvalidJson(string message) =>
        new(IngestErrorCode.InvalidJson, StatusCodes.Status400BadRequest, message);

    internal static IngestFailure InvalidEncoding(string message) =>
        new(IngestErrorCode.InvalidEncoding, StatusCodes.Status400BadRequest, message);

    internal static IngestFailure UnsupportedEncoding(string encoding) =>
        new(IngestErrorCode.UnsupportedEncoding, StatusCodes.Status415UnsupportedMediaType,
            $"Content-Encoding '{encoding}' is not supported; use gzip or send the body uncompressed.");

    internal static IngestFailure BodyTooLarge(string message) =>
        new(IngestErrorCode.BodyTooLarge, StatusCodes.Status413PayloadTooLarge, message);

    internal static IngestFailure TooManyRecords(int limit) =>
        new(IngestErrorCode.TooManyRecords, StatusCodes.Status413PayloadTooLarge,
            $"The request holds more than {limit} records; split it into smaller requests.");
}
