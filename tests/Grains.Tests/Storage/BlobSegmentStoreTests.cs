using Telemetry.Storage;
using Telemetry.Testing;
using Xunit;

namespace Telemetry.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class BlobSegmentStoreTests(AzuriteFixture azurite) : SegmentStoreContractTests
{
    protected override ISegmentStore Store { get; } = new BlobSegmentStore(
        new AzureStorageClients(new StorageOptions { ConnectionString = azurite.ConnectionString, Container = "segment-tests" }).ContainerAsync,
        AzuriteFixture.NewServiceId() + "/segments");
}
