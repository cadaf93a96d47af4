using Telemetry.Schema;

namespace Telemetry.Api.Dimensions;

/// <summary>A normalization rule as the API shows it.</summary>
public sealed record NormalizationRuleResponse(
    string Id,
    NormalizationKind Kind,
    string Key,
    string? Target,
    string[] Transforms,
    string[] Metrics,
    DateTimeOffset CreatedAt,
    string CreatedBy)
{
    public static NormalizationRuleResponse From(NormalizationRule rule) =>
        new(rule.Id, rule.Kind, rule.Key, rule.Target, NormalizationRuleRequest.Names(rule.Transforms), [.. rule.Metrics], rule.CreatedAt, rule.CreatedBy);
}

/// <summary>Body of <c>POST /dimensions/normalize</c> (201): the rule, the rule set's new version and what it applies to.</summary>
public sealed record NormalizationRuleCreated(NormalizationRuleResponse Rule, int Version, string AppliesTo);

/// <summary>Body of <c>GET /dimensions/normalize</c>: the rules in the order they were created (each kind runs in that order).</summary>
public sealed record NormalizationRulesResponse(int Version, NormalizationRuleResponse[] Rules);

/// <summary>Body of <c>DELETE /dimensions/normalize/{ruleId}</c>.</summary>
public sealed record NormalizationVersionResponse(int Version);
