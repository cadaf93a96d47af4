namespace Telemetry.Api.Alerts;

/// <summary>A page of incidents, newest opened first; <c>next_cursor</c> fetches the next page (null on the last).</summary>
public sealed record IncidentListResponse(IncidentResponse[] Incidents, string? NextCursor);
