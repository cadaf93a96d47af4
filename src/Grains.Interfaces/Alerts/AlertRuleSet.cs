using System.Collections.Immutable;

namespace Telemetry.Alerts;

/// <summary>A tenant's rules as of <see cref="Version"/>, which every change bumps.</summary>
[GenerateSerializer, Immutable]
public sealed record AlertRuleSet(
    [property: Id(0)] long Version,
    [property: Id(1)] ImmutableArray<AlertDefinition> Definitions)
{
    public static readonly AlertRuleSet Empty = new(0, []);
}
