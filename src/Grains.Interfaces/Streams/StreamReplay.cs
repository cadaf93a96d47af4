using System.Collections.Immutable;

namespace Telemetry.Streams;

/// <summary>
/// The events after a resumed client's <c>Last-Event-ID</c>. <see cref="Complete"/> is false when the replay buffer
/// no longer reaches back that far (or the feed restarted): events were missed.
/// </summary>
[GenerateSerializer, Immutable, Alias("Telemetry.Streams.StreamReplay")]
public sealed record StreamReplay(
    [property: Id(0)] bool Complete,
    [property: Id(1)] ImmutableArray<StreamEvent> Events);
