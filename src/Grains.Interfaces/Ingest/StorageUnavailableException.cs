namespace Telemetry.Ingest;

/// <summary>The write-ahead log could not make a batch durable; nothing of it was acknowledged.</summary>
[GenerateSerializer]
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
