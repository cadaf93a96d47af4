using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Telemetry.Storage;

/// <summary>
/// The Azure provider's clients, built once from <c>Telemetry:Storage:ConnectionString</c>. Retries are
/// few and short: a storage outage must turn into a prompt 503 at ingest, not a request hanging through
/// the SDK's default minute of back-off; callers retry whole requests.
/// </summary>
public sealed class AzureStorageClients
{
    private readonly Lock _gate = new();
    private Task<BlobContainerClient>? _container;

    public AzureStorageClients(StorageOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException(
                "Telemetry:Storage:ConnectionString is required when Telemetry:Storage:Provider is 'Azure' (for Azurite: UseDevelopmentStorage=true).");
        }

        Blobs = new BlobServiceClient(options.ConnectionString, Configure(new BlobClientOptions(), options.OperationTimeout));
        Tables = new TableServiceClient(options.ConnectionString, Configure(new TableClientOptions(), options.OperationTimeout));
        ContainerName = options.Container;
    }

    public BlobServiceClient Blobs { get; }

    public TableServiceClient Tables { get; }

    public string ContainerName { get; }

    /// <summary>The blob container, created on first use; a failed creation is tried again on the next call.</summary>
    public Task<BlobContainerClient> ContainerAsync()
    {
        lock (_gate)
        {
            if (_container is null || _container.IsFaulted || _container.IsCanceled)
            {
                _container = CreateContainerAsync();
            }

            return _container;
        }
    }

    private async Task<BlobContainerClient> CreateContainerAsync()
    {
        var container = Blobs.GetBlobContainerClient(ContainerName);
        await container.CreateIfNotExistsAsync();
        return container;
    }

    private static T Configure<T>(T options, TimeSpan timeout)
        where T : ClientOptions
    {
        options.Retry.Mode = RetryMode.Fixed;
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.NetworkTimeout = timeout;
        return options;
    }
}
