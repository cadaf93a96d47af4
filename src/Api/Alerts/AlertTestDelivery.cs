namespace Telemetry.Api.Alerts;

/// <summary>A test notification's delivery to one channel.</summary>
public sealed record AlertTestDelivery(string ChannelType, string Channel, bool Delivered, DeliveryResponse Delivery);
