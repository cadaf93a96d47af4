using Telemetry.Alerts;

namespace Telemetry.Api.Alerts;

/// <summary>A channel as the API shows it: a webhook's URL and whether it has a secret, or an email channel's recipients.</summary>
public sealed record AlertChannelResponse(string Type, string? Url, bool? SecretSet, string[]? Target)
{
    public static AlertChannelResponse From(AlertChannel channel) => channel.Type == AlertChannelType.Webhook
        ? new AlertChannelResponse("webhook", channel.Url, !string.IsNullOrEmpty(channel.Secret), null)
        : new AlertChannelResponse("email", null, null, [.. channel.To]);
}
