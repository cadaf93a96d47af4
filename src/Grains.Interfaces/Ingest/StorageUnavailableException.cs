namespace Telemetry.Ingest;

/// <summary>
/// Storage could not be reached: the write-ahead log could not make a batch durable (nothing of it was
/// acknowledged), or grain state could not be read or written. The API answers 503 <c>storage_unavailable</c>.
/// An <see cref="OrleansException"/>, so that Orleans' grain-state bridge passes it on unwrapped.
/// </summary>
[GenerateSerializer]
public sealed class StorageUnavailableException : OrleansException
{
    public StorageUnavailableException(string message, Exception? inner = null)
        : base(message, inner!)
    {
    }
}
