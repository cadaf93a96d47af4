using System.Text.RegularExpressions;

namespace Telemetry.Api.Auth;

/// <summary>Tenant ids: 1–64 characters, letters, digits, <c>_ . -</c>, starting with a letter or digit.</summary>
public static partial class TenantId
{
    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex Pattern();
}
