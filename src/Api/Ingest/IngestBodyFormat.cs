namespace Telemetry.Api.Ingest;

/// <summary>How the records of a body were laid out.</summary>
public enum IngestBodyFormat
{
    /// <summary>Not determined: the request failed before a record was read.</summary>
    Unknown = 0,

    /// <summary>One JSON array of records.</summary>
    JsonArray = 1,

    /// <summary>One JSON object (possibly spread over several lines), or several concatenated objects.</summary>
    JsonObject = 2,

    /// <summary>One JSON record per line; a bad line rejects only that record.</summary>
    Ndjson = 3,
}
