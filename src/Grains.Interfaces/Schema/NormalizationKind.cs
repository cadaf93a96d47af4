namespace Telemetry.Schema;

[GenerateSerializer]
public enum NormalizationKind
{
    /// <summary>Rename key <c>Key</c> to <c>Target</c> (<c>warehouse_id</c> → <c>location_id</c>).</summary>
    Alias = 0,

    /// <summary>Transform the values of key <c>Key</c> (or of every key when it is <c>*</c>).</summary>
    Value = 1,

    /// <summary>Remove key <c>Key</c>.</summary>
    Drop = 2,
}
