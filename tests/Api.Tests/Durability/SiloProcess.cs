using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Telemetry.Testing;
using Xunit;

namespace Telemetry.Api.Tests.Durability;

/// <summary>
/// The service as a separate OS process (the built Telemetry.Silo next to the tests), so a test can kill
/// it with SIGKILL and start it again on the same data directory.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<SiloProcess> StartAsync(string dataPath, string bootstrapKey, params string[] extraArgs)
    {
        var port = Ports.Free();
        var silo = Path.Combine(AppContext.BaseDirectory, "Telemetry.Silo.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var argument in (string[])[
            "exec", silo,
            $"--Urls=http://127.0.0.1:{port}",
            $"--Telemetry:Storage:DataPath={dataPath}",
            $"--Telemetry:Auth:BootstrapKey={bootstrapKey}",
            $"--Telemetry:Cluster:SiloPort={Ports.Free()}",
            $"--Telemetry:Cluster:GatewayPort={Ports.Free()}",
            .. extraArgs])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The silo process did not start.");
        var silo2 = new SiloProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => silo2.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo2.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await silo2.WaitHealthyAsync(TimeSpan.FromSeconds(60));
        return silo2;
    }

    /// <summary>SIGKILL: no shutdown code runs, nothing is flushed.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        await Task.CompletedTask;
    }

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The silo exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await client.GetAsync("/v1/telemetry/health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Still starting.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The silo did not become healthy within {timeout}:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>Waits (up to 30 s) until the cluster reports <paramref name="count"/> active silos through <paramref name="client"/>.</summary>
    public static async Task WaitForSilosAsync(HttpClient client, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var health = await client.GetFromJsonAsync<JsonElement>("/v1/telemetry/health");
            var silos = health.GetProperty("components").GetProperty("cluster").GetProperty("details") is { ValueKind: JsonValueKind.Object } details
                && details.TryGetProperty("silos", out var value) ? value.GetInt32() : 0;
            if (silos >= count)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The cluster did not reach {count} silos: {health}");
            await Task.Delay(200);
        }
    }
}
