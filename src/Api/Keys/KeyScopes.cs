using Telemetry.Tenancy;

namespace Telemetry.Api.Keys;

/// <summary>Scope names on the wire.</summary>
public static class KeyScopes
{
    private static readonly (string Name, ApiKeyScope Scope)[] All =
    [
        ("ingest", ApiKeyScope.Ingest),
        ("query", ApiKeyScope.Query),
        ("admin", ApiKeyScope.Admin),
    ];

    public static string[] Names(ApiKeyScope scopes) => [.. All.Where(s => scopes.HasFlag(s.Scope)).Select(s => s.Name)];

    public static bool TryParse(IEnumerable<string> names, out ApiKeyScope scopes, out string? unknown)
    {
        scopes = ApiKeyScope.None;
        unknown = null;
        foreach (var name in names)
        {
            var match = All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
            if (match.Name is null)
            {
                unknown = name;
                return false;
            }

            scopes |= match.Scope;
        }

        return true;
    }
}
