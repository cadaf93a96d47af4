namespace Telemetry.Streams;

/// <summary>Names shared by the publishers and consumers of live-stream events.</summary>
public static class StreamNames
{
    /// <summary>The Orleans stream provider: in-memory in Local mode, Azure queues in Azure mode.</summary>
    public const string Provider = "telemetry-streams";

    /// <summary>The Orleans stream namespace of matched samples; one Orleans stream per (tenant, stream id).</summary>
    public const string MatchNamespace = "stream-matches";

    /// <summary>The key of a live stream's Orleans stream and of its <see cref="IStreamFeedGrain"/>: <c>tenant/streamId</c>.</summary>
    public static string FeedKey(string tenantId, string streamId) => $"{tenantId}/{streamId}";

    /// <summary>Splits a <see cref="FeedKey"/>; tenant ids never contain '/'.</summary>
    public static (string TenantId, string StreamId) ParseFeedKey(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (key[..slash], key[(slash + 1)..]);
    }
}
