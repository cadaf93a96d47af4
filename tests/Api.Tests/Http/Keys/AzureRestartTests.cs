using Telemetry.Testing;
using Xunit;

namespace Telemetry.Api.Tests.Http.Keys;

/// <summary>The Azure provider (Azure Table grain state and clustering, append-blob log) on Azurite: what survives a restart.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureRestartTests(AzuriteFixture azurite) : ServerRestartTests(new AzureTelemetryServer(azurite.ConnectionString));
