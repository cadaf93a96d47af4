namespace Telemetry.Api.Streaming;

/// <summary>Body of <c>POST /streams/{id}/test</c>: the test event as subscribers got it.</summary>
public sealed record StreamTestResponse(string StreamId, string EventId, bool Test, int Subscribers);
