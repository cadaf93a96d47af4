namespace Telemetry.Schema;

/// <summary>
/// The metric's answer for one new series: admitted under <see cref="Labels"/> (which differ from the
/// candidate's when an overflow dimension was folded into <c>__overflow__</c>), or rejected with a code.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AdmissionVerdict(
    [property: Id(0)] Series.SeriesLabels? Labels,
    [property: Id(1)] string? RejectCode = null,
    [property: Id(2)] string? RejectMessage = null)
{
    public bool Admitted => RejectCode is null;
}
