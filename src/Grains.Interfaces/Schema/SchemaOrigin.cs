namespace Telemetry.Schema;

/// <summary>Whether a schema version was written by a person (through the API) or inferred from samples.</summary>
[GenerateSerializer]
public enum SchemaOrigin
{
    Declared = 0,
    Observed = 1,
}
