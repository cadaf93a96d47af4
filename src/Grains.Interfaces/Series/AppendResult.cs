namespace Telemetry.Series;

/// <summary>What a series grain did with a batch: stored every sample, or rejected the whole batch with a code.</summary>
[GenerateSerializer, Immutable]
public sealed record AppendResult(
    [property: Id(0)] int Stored,
    [property: Id(1)] string? RejectCode = null,
    [property: Id(2)] string? RejectMessage = null)
{
    public bool IsRejected => RejectCode is not null;

    public static AppendResult Rejected(string code, string message) => new(0, code, message);
}
