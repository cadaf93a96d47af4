namespace Telemetry.Storage;

/// <summary>Bound from <c>Telemetry:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Telemetry:Storage";

    /// <summary><c>Local</c> (files under <see cref="DataPath"/>) or <c>Azure</c>.</summary>
    public string Provider { get; set; } = "Local";

    public string DataPath { get; set; } = "./data";

    public string? ConnectionString { get; set; }

    public bool IsLocal => string.Equals(Provider, "Local", StringComparison.OrdinalIgnoreCase);
}
