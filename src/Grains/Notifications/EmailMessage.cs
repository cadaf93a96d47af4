namespace Telemetry.Notifications;

/// <summary>One plain-text notification email.</summary>
/// <param name="To">Recipient addresses.</param>
/// <param name="Subject">The subject line.</param>
/// <param name="TextBody">The plain-text body.</param>
/// <param name="DeliveryId">Sent as the <c>X-Telemetry-Delivery-Id</c> header and recorded in the result.</param>
public sealed record EmailMessage(string[] To, string Subject, string TextBody, string DeliveryId);
