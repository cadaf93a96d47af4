using System.Collections.Immutable;

namespace Telemetry.Schema;

/// <summary>A tenant's rules at one version; every change makes a new version.</summary>
[GenerateSerializer, Immutable]
public sealed record NormalizationRuleSet(
    [property: Id(0)] int Version,
    [property: Id(1)] ImmutableArray<NormalizationRule> Rules)
{
    public static readonly NormalizationRuleSet Empty = new(0, []);
}
