namespace Telemetry.Api.Streaming;

/// <summary>The filter as stored: each dimension key with its list of accepted values.</summary>
public sealed record StreamFilterResponse(string Metric, string? Condition, double? Threshold, Dictionary<string, string[]> Dimensions);
