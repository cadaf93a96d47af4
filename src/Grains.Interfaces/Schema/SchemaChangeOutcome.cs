namespace Telemetry.Schema;

[GenerateSerializer]
public enum SchemaChangeOutcome
{
    Created = 0,
    Updated = 1,
    Unchanged = 2,
    /// <summary>The change is incompatible with stored data and was not forced (HTTP 409).</summary>
    Conflict = 3,
    NotFound = 4,
    /// <summary>POST for a metric that is already registered (HTTP 409).</summary>
    AlreadyExists = 5,
    /// <summary>The change itself is malformed (HTTP 400/422).</summary>
    Invalid = 6,
}
