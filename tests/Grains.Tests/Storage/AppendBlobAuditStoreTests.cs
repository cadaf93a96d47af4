using Telemetry.Storage;
using Telemetry.Testing;
using Xunit;

namespace Telemetry.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class AppendBlobAuditStoreTests(AzuriteFixture azurite) : AuditStoreContractTests
{
    protected override IAuditStore Store { get; } = new AppendBlobAuditStore(
        new AzureStorageClients(new StorageOptions { ConnectionString = azurite.ConnectionString, Container = "audit-tests" }).ContainerAsync,
        AzuriteFixture.NewServiceId() + "/audit");
}
