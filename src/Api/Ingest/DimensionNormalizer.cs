using Telemetry.Schema;
using Telemetry.Series;

namespace Telemetry.Api.Ingest;

/// <summary>
/// Applies a tenant's normalization rules to a sample's dimensions before its series identity is
/// computed: first drops, then aliases, then value transforms, each kind in the order the rules were
/// created. An alias whose target is already present keeps the target's value and drops the alias key;
/// a value that a transform empties removes its key.
/// </summary>
public static class DimensionNormalizer
{
    public const string EveryKey = "*";

    public static SeriesLabels Apply(NormalizationRuleSet rules, string metric, SeriesLabels labels)
    {
        if (rules.Rules.IsEmpty || labels.Count == 0)
        {
            return labels;
        }

        Dictionary<string, string>? pairs = null;
        foreach (var kind in (ReadOnlySpan<NormalizationKind>)[NormalizationKind.Drop, NormalizationKind.Alias, NormalizationKind.Value])
        {
            foreach (var rule in rules.Rules)
            {
                if (rule.Kind != kind || (!rule.Metrics.IsDefaultOrEmpty && !rule.Metrics.Contains(metric)))
                {
                    continue;
                }

                pairs ??= labels.ToDictionary();
                Apply(rule, pairs);
            }
        }

        return pairs is null || SameAs(labels, pairs) ? labels : new SeriesLabels(pairs);
    }

    private static void Apply(NormalizationRule rule, Dictionary<string, string> pairs)
    {
        switch (rule.Kind)
        {
            case NormalizationKind.Drop:
                pairs.Remove(rule.Key);
                break;
            case NormalizationKind.Alias when rule.Target is { } target && pairs.Remove(rule.Key, out var value):
                pairs.TryAdd(target, value);
                break;
            case NormalizationKind.Value:
                foreach (var key in pairs.Keys.ToList())
                {
                    if (rule.Key != EveryKey && rule.Key != key)
                    {
                        continue;
                    }

                    var normalized = Transform(pairs[key], rule.Transforms);
                    if (normalized.Length == 0)
                    {
                        pairs.Remove(key);
                    }
                    else
                    {
                        pairs[key] = normalized;
                    }
                }

                break;
        }
    }

    public static string Transform(string value, ValueTransform transforms)
    {
        if (transforms.HasFlag(ValueTransform.Trim))
        {
            value = value.Trim();
        }

        if (transforms.HasFlag(ValueTransform.Lowercase))
        {
            value = value.ToLowerInvariant();
        }
        else if (transforms.HasFlag(ValueTransform.Uppercase))
        {
            value = value.ToUpperInvariant();
        }

        return value;
    }

    private static bool SameAs(SeriesLabels labels, Dictionary<string, string> pairs) =>
        labels.Count == pairs.Count && labels.Pairs.All(p => pairs.TryGetValue(p.Key, out var v) && v == p.Value);
}
