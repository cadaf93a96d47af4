namespace Telemetry.Notifications;

/// <summary>One webhook to deliver.</summary>
/// <param name="Target">The receiver's http or https URL.</param>
/// <param name="Secret">The channel secret the body is signed with.</param>
/// <param name="Body">The JSON posted.</param>
/// <param name="DeliveryId">Stays the same across retries (the receiver's idempotency key).</param>
public sealed record WebhookMessage(Uri Target, string Secret, ReadOnlyMemory<byte> Body, string DeliveryId);
