using System.Text.Json;
using Telemetry.Notifications;

namespace Telemetry.Api.Alerts;

/// <summary>How a delivery to one channel ended, with every attempt.</summary>
public sealed record DeliveryResponse(string DeliveryId, string Target, string Outcome, DeliveryAttemptResponse[] Attempts)
{
    public static DeliveryResponse From(DeliveryResult result) => new(
        result.DeliveryId,
        result.Target,
        JsonNamingPolicy.SnakeCaseLower.ConvertName(result.Outcome.ToString()),
        [.. result.Attempts.Select(a => new DeliveryAttemptResponse(a.Number, a.StartedAt, a.Duration.TotalMilliseconds, a.StatusCode, a.Error))]);
}
