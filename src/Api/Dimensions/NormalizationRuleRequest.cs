using System.Collections.Immutable;
using Telemetry.Api.Ingest;
using Telemetry.Schema;
using Telemetry.Series;

namespace Telemetry.Api.Dimensions;

/// <summary>
/// Body of <c>POST /dimensions/normalize</c>: <c>{"kind":"alias|value|drop","key","target","transforms","metrics"}</c>.
/// <c>target</c> is for aliases only, <c>transforms</c> (trim, lowercase | uppercase) for value rules only, whose
/// <c>key</c> may be <c>*</c> (every key). <c>metrics</c> limits the rule to some metrics; absent or empty means all.
/// </summary>
public sealed record NormalizationRuleRequest(string? Kind, string? Key, string? Target, string[]? Transforms, string[]? Metrics)
{
    private static readonly (string Name, ValueTransform Transform)[] TransformNames =
    [
        ("trim", ValueTransform.Trim),
        ("lowercase", ValueTransform.Lowercase),
        ("uppercase", ValueTransform.Uppercase),
    ];

    /// <summary>The rule to add (id and time are assigned by the tenant grain), or what is wrong with the request.</summary>
    public (NormalizationRule? Rule, string? Error) ToRule(string actor)
    {
        NormalizationKind kind;
        switch (Kind)
        {
            case "alias": kind = NormalizationKind.Alias; break;
            case "value": kind = NormalizationKind.Value; break;
            case "drop": kind = NormalizationKind.Drop; break;
            default: return Fail("'kind' must be alias, value or drop.");
        }

        var everyKey = kind == NormalizationKind.Value && Key == DimensionNormalizer.EveryKey;
        if (!everyKey && !DimensionKey.IsValid(Key))
        {
            return Fail(kind == NormalizationKind.Value
                ? "'key' must be a dimension key (a letter or '_', then letters, digits, '_', '.', '-'; not starting with '__') or '*' for every key."
                : "'key' must be a dimension key: a letter or '_', then letters, digits, '_', '.', '-'; not starting with '__'.");
        }

        if (kind == NormalizationKind.Alias)
        {
            if (!DimensionKey.IsValid(Target))
            {
                return Fail("An alias rule needs a 'target': the dimension key to rename 'key' to.");
            }

            if (Target == Key)
            {
                return Fail("An alias rule cannot rename a key to itself.");
            }
        }
        else if (Target is not null)
        {
            return Fail("'target' belongs to alias rules only.");
        }

        var transforms = ValueTransform.None;
        if (kind == NormalizationKind.Value)
        {
            if (Transforms is not { Length: > 0 })
            {
                return Fail("A value rule needs 'transforms': trim, lowercase or uppercase.");
            }

            foreach (var name in Transforms)
            {
                var match = TransformNames.FirstOrDefault(t => t.Name == name);
                if (match.Name is null)
                {
                    return Fail($"Unknown transform '{name}'; transforms are trim, lowercase and uppercase.");
                }

                transforms |= match.Transform;
            }

            if (transforms.HasFlag(ValueTransform.Lowercase) && transforms.HasFlag(ValueTransform.Uppercase))
            {
                return Fail("A value rule may lowercase or uppercase, not both.");
            }
        }
        else if (Transforms is { Length: > 0 })
        {
            return Fail("'transforms' belong to value rules only.");
        }

        if (Metrics?.FirstOrDefault(m => !MetricName.IsValid(m)) is { } invalid)
        {
            return Fail($"'{invalid}' in 'metrics' is not a metric name.");
        }

        var metrics = Metrics is null ? ImmutableArray<string>.Empty : [.. Metrics.Distinct(StringComparer.Ordinal)];
        return (new NormalizationRule(string.Empty, kind, Key!, Target, transforms, metrics, default, actor), null);

        static (NormalizationRule?, string?) Fail(string message) => (null, message);
    }

    public static string[] Names(ValueTransform transforms) =>
        [.. TransformNames.Where(t => transforms.HasFlag(t.Transform)).Select(t => t.Name)];
}
