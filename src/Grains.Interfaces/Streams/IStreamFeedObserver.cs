using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Telemetry.Streams;

/// <summary>A silo's connection hub, told by <see cref="IStreamFeedGrain"/>s about new events for its connections.</summary>
[Alias("Telemetry.Streams.IStreamFeedObserver")]
public interface IStreamFeedObserver : IGrainObserver
{
    /// <summary>
    /// New events of stream <paramref name="feedKey"/>, in id order. Awaited by the feed, one call at a time per hub, so
    /// batches arrive in order (concurrent messages between silos may overtake each other); returns at once.
    /// </summary>
    [Alias("OnEvents")]
    Task OnEventsAsync(string feedKey, ImmutableArray<StreamEvent> events);

    /// <summary>The stream ended (it was deleted); its connections close with <paramref name="reason"/>.</summary>
    [OneWay, Alias("OnClosed")]
    Task OnClosedAsync(string feedKey, string reason);
}
