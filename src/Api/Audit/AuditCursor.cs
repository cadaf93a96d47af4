using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Telemetry.Api.Audit;

/// <summary>The opaque <c>cursor</c> of <c>GET /audit</c>: the sequence of the last event of the previous page, base64url-encoded.</summary>
public static class AuditCursor
{
    private const string Prefix = "audit:";

    public static string Encode(long afterSequence) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + afterSequence.ToString(CultureInfo.InvariantCulture)));

    public static bool TryDecode(string cursor, out long afterSequence)
    {
        afterSequence = 0;
        if (cursor.Length > 64 || !Base64Url.IsValid(cursor))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        return text.StartsWith(Prefix, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out afterSequence);
    }
}
