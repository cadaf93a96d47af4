using System.Text.Json;

namespace Telemetry.Api.Streaming;

/// <summary>
/// A stream's filter on the wire: <c>metric</c>, optional <c>condition</c> (<c>&lt;</c>, <c>&lt;=</c>, ...) with
/// <c>threshold</c>, and <c>dimensions</c> mapping each key to a value or a list of values.
/// </summary>
public sealed record StreamFilterRequest(string? Metric, string? Condition, double? Threshold, Dictionary<string, JsonElement>? Dimensions);
