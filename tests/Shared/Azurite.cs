using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Xunit;

namespace Telemetry.Testing;

/// <summary>
/// An Azurite process of the test's own (npm <c>azurite</c>, the version pinned in <c>.ci/azurite.sh</c>,
/// installed into <c>.tools/azurite</c> on first use): free ports and a temporary data directory.
/// <see cref="StopAsync"/> and <see cref="StartAsync()"/> take it away and bring it back on the same ports and
/// data, as a storage outage would.
/// </summary>
public sealed class AzuriteInstance : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private const int SigInt = 2;
    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private static string? _executable;

    private readonly string _location = Path.Combine(Path.GetTempPath(), "telemetry-azurite-" + Guid.NewGuid().ToString("N"));
    private readonly int[] _ports = [Ports.Free(), Ports.Free(), Ports.Free()];
    private readonly StringBuilder _output = new();
    private Process? _process;

    private AzuriteInstance()
    {
    }

    /// <summary>Blob, queue and table endpoints of this instance, with Azurite's well-known development account.</summary>
    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AccountKey + ";"
        + $"BlobEndpoint=http://127.0.0.1:{_ports[0]}/devstoreaccount1;"
        + $"QueueEndpoint=http://127.0.0.1:{_ports[1]}/devstoreaccount1;"
        + $"TableEndpoint=http://127.0.0.1:{_ports[2]}/devstoreaccount1;";

    public static async Task<AzuriteInstance> StartNewAsync()
    {
        var instance = new AzuriteInstance();
        await instance.StartAsync();
        return instance;
    }

    /// <summary>Starts Azurite (again) on this instance's ports and data directory and waits until every port answers.</summary>
    public async Task StartAsync()
    {
        if (_process is { HasExited: false })
        {
            return;
        }

        var start = new ProcessStartInfo(await ExecutableAsync())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[
            // The Azure SDK's API version is newer than this Azurite knows: the check must be skipped.
            "--skipApiVersionCheck", "--disableTelemetry", "--silent",
            "--location", _location,
            "--blobHost", "127.0.0.1", "--blobPort", _ports[0].ToString(),
            "--queueHost", "127.0.0.1", "--queuePort", _ports[1].ToString(),
            "--tableHost", "127.0.0.1", "--tablePort", _ports[2].ToString()])
        {
            start.ArgumentList.Add(argument);
        }

        Directory.CreateDirectory(_location);
        _process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!_ports.All(Listening))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Azurite did not start listening on {string.Join(", ", _ports)}:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Stops Azurite the way an operator would (SIGINT: it saves its data; it ignores SIGTERM), SIGKILL if it hangs.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        if (!process.HasExited)
        {
            _ = Kill(process.Id, SigInt);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        process.Dispose();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (_ports.Any(Listening) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <summary>Installs Azurite with <c>.ci/azurite.sh</c> if it is missing and returns its executable.</summary>
    private static async Task<string> ExecutableAsync()
    {
        await InstallGate.WaitAsync();
        try
        {
            if (_executable is not null)
            {
                return _executable;
            }

            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, ".ci", "azurite.sh")))
            {
                root = root.Parent;
            }

            if (root is null)
            {
                throw new InvalidOperationException("The repository root (with .ci/azurite.sh) was not found above " + AppContext.BaseDirectory);
            }

            var install = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            install.ArgumentList.Add(Path.Combine(root.FullName, ".ci", "azurite.sh"));
            install.ArgumentList.Add("bin");
            using var process = Process.Start(install)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($".ci/azurite.sh bin failed ({process.ExitCode}); node and npm are needed:\n{await stderr}");
            }

            return _executable = (await stdout).Trim().Split('\n')[^1];
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}

/// <summary>One Azurite shared by the tests of <see cref="AzuriteCollection"/>; each test keeps to its own ServiceId and ClusterId.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteInstance? _azurite;

    public string ConnectionString => _azurite!.ConnectionString;

    /// <summary>A ServiceId (and ClusterId) no other test uses: grain state rows, blobs and cluster membership are kept under it.</summary>
    public static string NewServiceId() => "t" + Guid.NewGuid().ToString("N")[..12];

    public async Task InitializeAsync() => _azurite = await AzuriteInstance.StartNewAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
