namespace Telemetry.Api.Streaming;

/// <summary>A webhook stream's target; the secret only when this request generated or set it.</summary>
public sealed record StreamDeliveryResponse(string Url, string? Secret);
