namespace Telemetry.Api.Streaming;

/// <summary>Endpoint metadata: a connect token in the <c>token</c> query parameter may stand in for the API key.</summary>
public sealed record ConnectTokenAccepted
{
    public const string QueryParameter = "token";
}
