using System.Buffers.Text;
using System.Text;

namespace Telemetry.Api.Wire;

/// <summary>An opaque <c>cursor</c>: where the previous page ended, tagged with what it pages, base64url-encoded.</summary>
public static class PageCursor
{
    public static string Encode(string kind, string position) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{kind}:{position}"));

    public static bool TryDecode(string kind, string cursor, out string position)
    {
        position = "";
        if (cursor.Length > 512 || !Base64Url.IsValid(cursor))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        if (!text.StartsWith(kind + ":", StringComparison.Ordinal))
        {
            return false;
        }

        position = text[(kind.Length + 1)..];
        return true;
    }
}
