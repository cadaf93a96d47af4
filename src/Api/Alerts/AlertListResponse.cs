namespace Telemetry.Api.Alerts;

/// <summary>The tenant's rules.</summary>
public sealed record AlertListResponse(AlertResponse[] Alerts);
