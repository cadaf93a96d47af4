using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace Telemetry.Api.Tests.Http.Streams;

/// <summary>
/// A real browser: Debian chromium, headless, driven by playwright-core (both installed by <c>.ci/browser.sh</c>
/// when missing), opens the viewer page the API serves, subscribes with <c>EventSource</c> and a connect token, and
/// shows the low-stock event after an ingest. If the browser cannot be installed the test fails.
/// </summary>
[Collection(StreamsServerCollection.Name)]
public sealed class BrowserTests(StreamsServer server)
{
    [Fact]
    public async Task A_browser_eventsource_with_a_connect_token_shows_the_low_stock_event()
    {
        var (tools, chromium) = await InstallAsync();
        var key = await server.NewTenantAsync();
        var stream = await server.CreateLowStockStreamAsync(key);
        var id = stream.GetProperty("id").GetString()!;
        var token = stream.GetProperty("connection").GetProperty("connect_token").GetString()!;
        var page = new Uri(server.Client.BaseAddress!, $"{TelemetryServer.Base}/ws/viewer?stream_id={id}&token={Uri.EscapeDataString(token)}");

        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "Streams", "browser-check.mjs"), tools, chromium, page.ToString()])
        {
            start.ArgumentList.Add(argument);
        }

        using var node = Process.Start(start)!;
        var stderr = node.StandardError.ReadToEndAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            var ready = await node.StandardOutput.ReadLineAsync(timeout.Token);
            Assert.True(ready == "READY", $"The page did not connect ({ready}): {(node.HasExited ? await stderr : "")}");

            await server.IngestOnHandAsync(key, "loc_1", ("SKU-FINE", 40), ("SKU-LOW", 3));

            var line = await node.StandardOutput.ReadLineAsync(timeout.Token);
            Assert.True(line?.StartsWith("EVENT ", StringComparison.Ordinal) == true, $"The page showed no event ({line}): {(node.HasExited ? await stderr : "")}");
            var shown = JsonDocument.Parse(line!["EVENT ".Length..]).RootElement;
            Assert.Equal(id, shown.GetProperty("stream_id").GetString());
            Assert.Equal("SKU-LOW", shown.GetProperty("dimensions").GetProperty("sku").GetString());
            Assert.Equal(3, shown.GetProperty("value").GetDouble());
            await node.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, node.ExitCode);
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>Runs <c>.ci/browser.sh</c> (apt-get chromium, npm playwright-core at the pinned version) and returns where they are.</summary>
    private static async Task<(string Tools, string Chromium)> InstallAsync()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, ".ci", "browser.sh")))
        {
            root = root.Parent;
        }

        Assert.True(root is not null, "The repository root (with .ci/browser.sh) was not found above " + AppContext.BaseDirectory);
        var script = Path.Combine(root!.FullName, ".ci", "browser.sh");
        return (await RunAsync(script, "dir"), await RunAsync(script, "chromium"));

        static async Task<string> RunAsync(string script, string command)
        {
            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(script);
            start.ArgumentList.Add(command);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $".ci/browser.sh {command} failed ({process.ExitCode}); the browser test needs chromium and playwright-core:\n{await stderr}");
            return (await stdout).Trim().Split('\n')[^1];
        }
    }
}
