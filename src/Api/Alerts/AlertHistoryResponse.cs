namespace Telemetry.Api.Alerts;

/// <summary>A page of a rule's history, newest first; <c>next_cursor</c> fetches the older entries (null on the last page).</summary>
public sealed record AlertHistoryResponse(string AlertId, AlertHistoryEntryResponse[] Entries, string? NextCursor);
