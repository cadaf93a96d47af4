namespace Telemetry.Api.Alerts;

/// <summary>One attempt of a delivery: when, how long, the receiver's status (null without a response) and what went wrong.</summary>
public sealed record DeliveryAttemptResponse(int Number, DateTimeOffset StartedAt, double DurationMs, int? StatusCode, string? Error);
