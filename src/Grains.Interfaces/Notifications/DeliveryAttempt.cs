namespace Telemetry.Notifications;

/// <summary>One try of a webhook delivery, as shown in incident and stream delivery history.</summary>
/// <param name="Number">1 for the first attempt.</param>
/// <param name="StartedAt">When the attempt began.</param>
/// <param name="Duration">Until the response headers arrived or the attempt failed.</param>
/// <param name="StatusCode">The receiver's status code; null when there was no response (timeout, connection error, refused).</param>
/// <param name="Error">Why the attempt failed; null when it delivered.</param>
/// <param name="NextDelay">The wait before the next attempt; null when this was the last one.</param>
[GenerateSerializer, Immutable]
public sealed record DeliveryAttempt(
    [property: Id(0)] int Number,
    [property: Id(1)] DateTimeOffset StartedAt,
    [property: Id(2)] TimeSpan Duration,
    [property: Id(3)] int? StatusCode,
    [property: Id(4)] string? Error,
    [property: Id(5)] TimeSpan? NextDelay);
