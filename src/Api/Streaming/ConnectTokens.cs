using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Telemetry.Api.Auth;
using Telemetry.Streams;

namespace Telemetry.Api.Streaming;

/// <summary>
/// Short-lived connect tokens for clients that cannot send headers (a browser's <c>EventSource</c>, its
/// <c>WebSocket</c>): <c>ct1.&lt;base64url tenant\nstream\nexpiry&gt;.&lt;base64url HMAC-SHA256&gt;</c>. The key is derived
/// from the bootstrap key, which every silo of a cluster shares, so a token issued by one silo works on any. Nothing is
/// stored: a token is valid until it expires (it only opens connections; an open connection outlives it).
/// </summary>
public sealed class ConnectTokens(IOptions<AuthOptions> auth, IOptions<StreamsOptions> streams, TimeProvider time)
{
    private const string Prefix = "ct1.";

    private readonly byte[] _key = SHA256.HashData(Encoding.UTF8.GetBytes("telemetry-connect-token\n" + (auth.Value.BootstrapKey ?? "")));

    public (string Token, DateTimeOffset ExpiresAt) Issue(string tenantId, string streamId)
    {
        var expiresAt = time.GetUtcNow() + streams.Value.ConnectTokenLifetime;
        var payload = Encoding.UTF8.GetBytes($"{tenantId}\n{streamId}\n{expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}");
        return (Prefix + Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(_key, payload)), expiresAt);
    }

    public ConnectGrant? Verify(string token)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 1024)
        {
            return null;
        }

        var parts = token[Prefix.Length..].Split('.');
        if (parts.Length != 2 || !Base64Url.IsValid(parts[0]) || !Base64Url.IsValid(parts[1]))
        {
            return null;
        }

        var payload = Base64Url.DecodeFromChars(parts[0]);
        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, payload), Base64Url.DecodeFromChars(parts[1])))
        {
            return null;
        }

        var fields = Encoding.UTF8.GetString(payload).Split('\n');
        if (fields.Length != 3 || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return null;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(expiry);
        return expiresAt <= time.GetUtcNow() ? null : new ConnectGrant(fields[0], fields[1], expiresAt);
    }
}
