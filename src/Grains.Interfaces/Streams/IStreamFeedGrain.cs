namespace Telemetry.Streams;

/// <summary>
/// One per live stream (key <c>tenant/streamId</c>): consumes the stream's Orleans stream of matched samples,
/// numbers the events, keeps the replay buffer, pushes events to the subscribed silos' hubs and, for webhook
/// streams, posts them.
/// </summary>
[Alias("Telemetry.Streams.IStreamFeedGrain")]
public interface IStreamFeedGrain : IGrainWithStringKey
{
    /// <summary>Subscribes (or renews) a silo's hub; subscriptions not renewed for a minute lapse.</summary>
    [Alias("Subscribe")]
    Task SubscribeAsync(IStreamFeedObserver observer);

    /// <summary>Removes a silo's hub.</summary>
    [Alias("Unsubscribe")]
    Task UnsubscribeAsync(IStreamFeedObserver observer);

    /// <summary>The buffered events after <paramref name="afterId"/>.</summary>
    [Alias("Replay")]
    Task<StreamReplay> ReplayAsync(long afterId);

    /// <summary>Publishes a clearly marked test event to every subscriber (and the webhook) and returns it.</summary>
    [Alias("PublishTest")]
    Task<StreamEvent> PublishTestAsync(StreamDefinition definition);

    /// <summary>Counts since activation.</summary>
    [Alias("GetStats")]
    Task<StreamFeedStats> GetStatsAsync();

    /// <summary>The stream was deleted: subscribers close their connections.</summary>
    [Alias("Close")]
    Task CloseAsync(string reason);
}
