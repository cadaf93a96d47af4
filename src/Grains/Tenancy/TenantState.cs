namespace Telemetry.Tenancy;

[GenerateSerializer]
public sealed class TenantState
{
    [Id(0)]
    public Dictionary<string, ApiKeyInfo> Keys { get; set; } = new(StringComparer.Ordinal);
}
