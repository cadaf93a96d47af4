namespace Telemetry.Notifications;

/// <summary>The end of a webhook delivery and every attempt it took, oldest first.</summary>
/// <param name="DeliveryId">Sent as <c>X-Telemetry-Delivery-Id</c> on every attempt, so a receiver can drop duplicates.</param>
/// <param name="Target">The URL posted to.</param>
/// <param name="Outcome">How the delivery ended.</param>
/// <param name="Attempts">Every attempt, oldest first; a refused target has one attempt that says why.</param>
[GenerateSerializer, Immutable]
public sealed record DeliveryResult(
    [property: Id(0)] string DeliveryId,
    [property: Id(1)] string Target,
    [property: Id(2)] DeliveryOutcome Outcome,
    [property: Id(3)] DeliveryAttempt[] Attempts)
{
    public bool Delivered => Outcome == DeliveryOutcome.Delivered;
}
