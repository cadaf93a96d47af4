namespace Telemetry.Api.Streaming;

/// <summary>Where a webhook stream posts (<c>url</c>, http or https) and its signing <c>secret</c> (generated when omitted).</summary>
public sealed record StreamDeliveryRequest(string? Url, string? Secret);
