namespace Telemetry.Schema;

/// <summary>Value normalizations, applied in this order: trim, then case folding.</summary>
[Flags]
[GenerateSerializer]
public enum ValueTransform
{
    None = 0,
    Trim = 1,
    Lowercase = 2,
    Uppercase = 4,
}
