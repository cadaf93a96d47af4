namespace Telemetry.Query;

/// <summary>What an empty bucket shows.</summary>
[GenerateSerializer]
public enum FillMode
{
    /// <summary>Every bucket present; empty ones have a null value.</summary>
    Null = 0,
    Zero = 1,
    /// <summary>Carry the last non-empty value forward; leading empty buckets are null.</summary>
    Previous = 2,
    /// <summary>Empty buckets are omitted.</summary>
    None = 3,
}
