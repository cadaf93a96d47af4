using System.Net;
using Xunit;

namespace Telemetry.Api.Tests.Http.Keys;

/// <summary>The Local provider: what survives a restart on the same data directory, and the directory's lock.</summary>
[Collection(OwnServerCollection.Name)]
public sealed class RestartTests() : ServerRestartTests(new TelemetryServer())
{
    [Fact]
    public async Task A_second_server_on_a_data_directory_in_use_fails_to_start()
    {
        var second = new SameDirectoryServer(Server.DataPath);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(second.StartAsync);

        Assert.Contains("in use", error.Message);
    }

    private sealed class SameDirectoryServer(string dataPath) : TelemetryServer
    {
        protected override IEnumerable<string> ExtraArgs => [$"--Telemetry:Storage:DataPath={dataPath}"];
    }
}
