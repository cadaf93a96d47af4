using System.Security.Cryptography;
using System.Text;

namespace Telemetry.Tenancy;

/// <summary>
/// The key format <c>tk_&lt;16 hex id&gt;_&lt;43 base64url secret&gt;</c> and its salted hash. The secret has
/// 256 random bits, so one SHA-256 round with a per-key salt is enough; a slow KDF adds nothing here.
/// </summary>
public static class ApiKeySecret
{
    private const string Prefix = "tk_";
    private const int IdLength = 16;

    public static (string Id, string Secret, string Plaintext) Generate()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdLength / 2));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (id, secret, $"{Prefix}{id}_{secret}");
    }

    public static bool TryParse(string plaintext, out string id, out string secret)
    {
        id = secret = "";
        if (!plaintext.StartsWith(Prefix, StringComparison.Ordinal)
            || plaintext.Length <= Prefix.Length + IdLength + 1
            || plaintext[Prefix.Length + IdLength] != '_')
        {
            return false;
        }

        id = plaintext.Substring(Prefix.Length, IdLength);
        secret = plaintext[(Prefix.Length + IdLength + 1)..];
        return id.All(char.IsAsciiHexDigitLower);
    }

    public static byte[] Hash(byte[] salt, string secret) =>
        SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(secret)]);

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
