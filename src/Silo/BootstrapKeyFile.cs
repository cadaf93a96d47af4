using System.Security.Cryptography;

namespace Telemetry.Silo;

/// <summary>
/// When <c>Telemetry:Auth:BootstrapKey</c> is not configured, a random admin key is made once and kept in
/// <c>{DataPath}/bootstrap-key</c> (owner-only), so a fresh install is usable yet never ships a known key.
/// </summary>
public static class BootstrapKeyFile
{
    public const string FileName = "bootstrap-key";

    public static string ReadOrCreate(string dataPath)
    {
        var path = Path.Combine(dataPath, FileName);
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(dataPath);
        var key = "bk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        File.WriteAllText(path, key + Environment.NewLine);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return key;
    }
}
