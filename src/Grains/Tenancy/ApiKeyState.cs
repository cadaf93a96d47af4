namespace Telemetry.Tenancy;

[GenerateSerializer]
public sealed class ApiKeyState
{
    [Id(0)]
    public ApiKeyCredential? Credential { get; set; }

    [Id(1)]
    public bool Revoked { get; set; }
}
