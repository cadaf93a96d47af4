namespace Telemetry.Query;

/// <summary>Either a result or the reason the query was refused (a stable problem code).</summary>
[GenerateSerializer, Immutable]
public sealed record QueryOutcome(
    [property: Id(0)] QueryResult? Result,
    [property: Id(1)] string? ErrorCode = null,
    [property: Id(2)] string? ErrorMessage = null)
{
    public static QueryOutcome Refused(string code, string message) => new(null, code, message);
}
