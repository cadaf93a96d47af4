namespace Telemetry.Api.Ingest;

/// <summary>The outcome of validating every record of a request.</summary>
/// <param name="Samples">Accepted samples in body order.</param>
/// <param name="Errors">Rejected records (parse and validation errors together) in body order.</param>
public sealed record ValidatedBatch(IReadOnlyList<ValidSample> Samples, IReadOnlyList<IngestError> Errors)
{
    public int Accepted => Samples.Count;

    public int Rejected => Errors.Count;
}
