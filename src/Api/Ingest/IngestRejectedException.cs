namespace Telemetry.Api.Ingest;

/// <summary>
/// Carries a whole-request failure out of a stream read deep inside the JSON or gzip reader;
/// <see cref="IngestBodyReader"/> turns it back into an <see cref="IngestFailure"/>.
/// </summary>
internal sealed class IngestRejectedException(IngestFailure failure) : Exception(failure.Message)
{
    public IngestFailure Failure { get; } = failure;
}
