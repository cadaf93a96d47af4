namespace Telemetry.Api.Alerts;

/// <summary>The outcome of <c>POST /alerts/{id}/test</c>: one delivery per channel.</summary>
public sealed record AlertTestResponse(string AlertId, AlertTestDelivery[] Deliveries);
