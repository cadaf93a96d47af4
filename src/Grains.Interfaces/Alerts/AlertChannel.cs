using System.Collections.Immutable;

namespace Telemetry.Alerts;

/// <summary>One receiver of a rule's notifications.</summary>
/// <remarks>
/// <para><see cref="Url"/> and <see cref="Secret"/>: a webhook's target and the key its body is signed with.</para>
/// <para><see cref="To"/>: an email channel's recipients.</para>
/// </remarks>
[GenerateSerializer, Immutable]
public sealed record AlertChannel(
    [property: Id(0)] AlertChannelType Type,
    [property: Id(1)] string? Url,
    [property: Id(2)] string? Secret,
    [property: Id(3)] ImmutableArray<string> To)
{
    public static AlertChannel Webhook(string url, string secret) => new(AlertChannelType.Webhook, url, secret, []);

    public static AlertChannel Email(IEnumerable<string> to) => new(AlertChannelType.Email, null, null, [.. to]);

    /// <summary>How the channel is named in the history: the webhook URL or the recipients.</summary>
    public string Describe() => Type == AlertChannelType.Webhook ? Url ?? "" : string.Join(", ", To.IsDefault ? [] : To);
}
