using Telemetry.Alerts;
using Telemetry.Api.Wire;

namespace Telemetry.Api.Alerts;

/// <summary>A rule as the API shows it; webhook secrets are never shown, only that one is set.</summary>
public sealed record AlertResponse(
    string Id,
    string Name,
    int Version,
    AlertConditionResponse Condition,
    string Severity,
    AlertChannelResponse[] Channels,
    string? MuteWindow,
    string? RunbookUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static AlertResponse From(AlertDefinition definition)
    {
        var rule = definition.Rule;
        return new AlertResponse(
            rule.Id,
            rule.Name,
            rule.Version,
            new AlertConditionResponse(
                rule.Metric,
                rule.Operator.Text(),
                rule.Threshold,
                TimeSpanText.Format(rule.Duration),
                rule.RecoveryThreshold,
                [.. rule.GroupBy.IsDefault ? [] : rule.GroupBy],
                rule.GroupAggregation?.ToString().ToLowerInvariant(),
                (rule.Filters.IsDefault ? [] : rule.Filters).ToDictionary(f => f.Key, f => f.Values.ToArray(), StringComparer.Ordinal),
                rule.NoData is { } noData ? TimeSpanText.Format(noData) : null),
            rule.Severity.ToString().ToLowerInvariant(),
            [.. definition.Channels.Select(AlertChannelResponse.From)],
            rule.MuteWindow is { } mute ? TimeSpanText.Format(mute) : null,
            rule.RunbookUrl,
            definition.CreatedAt,
            definition.UpdatedAt);
    }
}
