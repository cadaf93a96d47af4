using System.Text.Json;

namespace Telemetry.Api.Tests.Http.Streams;

/// <summary>One Server-Sent Event: its id, event name and data, or a comment line (heartbeats) with <see cref="Comment"/> set.</summary>
public sealed record SseMessage(string? Id, string Event, string Data, string? Comment = null)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement.Clone();
}
