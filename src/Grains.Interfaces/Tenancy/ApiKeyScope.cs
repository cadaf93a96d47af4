namespace Telemetry.Tenancy;

/// <summary>What an API key may do. Scope names on the wire: <c>ingest</c>, <c>query</c>, <c>admin</c>.</summary>
[Flags]
[GenerateSerializer]
public enum ApiKeyScope
{
    None = 0,
    Ingest = 1,
    Query = 2,
    Admin = 4,
}
