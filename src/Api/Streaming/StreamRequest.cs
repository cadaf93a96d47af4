namespace Telemetry.Api.Streaming;

/// <summary>Body of <c>POST /streams</c> (every field but <c>emit</c> and <c>delivery</c> required) and <c>PATCH /streams/{id}</c> (fields given replace the stored ones).</summary>
public sealed record StreamRequest(string? Name, StreamFilterRequest? Filter, string? Transport, string? Emit, StreamDeliveryRequest? Delivery);
