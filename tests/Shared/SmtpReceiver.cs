using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace Telemetry.Testing;

/// <summary>A message the <see cref="SmtpReceiver"/> accepted: the envelope and the raw message text.</summary>
public sealed record ReceivedMail(string From, string[] To, string Data);

/// <summary>
/// A real SMTP server on 127.0.0.1 and a free port: the npm package smtp-server (pinned in
/// <c>.ci/smtp-server.sh</c>, installed into <c>.tools/smtp-server</c> on first use) run by node.
/// </summary>
public sealed class SmtpReceiver : IAsyncDisposable
{
    private const string Script = """
        const { SMTPServer } = require('smtp-server');
        const server = new SMTPServer({
          authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
          onRcptTo(address, session, callback) {
            if (address.address.startsWith('refuse')) return callback(Object.assign(new Error('No such user'), { responseCode: 550 }));
            callback();
          },
          onData(stream, session, callback) {
            const chunks = [];
            stream.on('data', c => chunks.push(c));
            stream.on('end', () => {
              console.log(JSON.stringify({ from: session.envelope.mailFrom.address, to: session.envelope.rcptTo.map(r => r.address), data: Buffer.concat(chunks).toString('utf8') }));
              callback();
            });
          },
        });
        server.listen(0, '127.0.0.1', () => console.log('LISTENING ' + server.server.address().port));
        """;

    private readonly Process _process;
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _scriptPath;

    private SmtpReceiver(string modules)
    {
        _scriptPath = Path.Combine(Path.GetTempPath(), $"telemetry-smtp-{Guid.NewGuid():N}.js");
        File.WriteAllText(_scriptPath, Script);
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(_scriptPath);
        start.Environment["NODE_PATH"] = Path.Combine(modules, "node_modules");
        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; private set; }

    public ConcurrentQueue<ReceivedMail> Messages { get; } = new();

    public static async Task<SmtpReceiver> StartAsync()
    {
        var receiver = new SmtpReceiver(await ModulesAsync());
        receiver.Port = await receiver._port.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return receiver;
    }

    /// <summary>Waits until <paramref name="count"/> messages arrived (node prints each after it acknowledged it).</summary>
    public async Task WaitForAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (Messages.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        File.Delete(_scriptPath);
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.StartsWith("LISTENING ", StringComparison.Ordinal))
        {
            _port.TrySetResult(int.Parse(line["LISTENING ".Length..]));
            return;
        }

        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Messages.Enqueue(new ReceivedMail(
            root.GetProperty("from").GetString()!,
            [.. root.GetProperty("to").EnumerateArray().Select(t => t.GetString()!)],
            root.GetProperty("data").GetString()!));
    }

    private static async Task<string> ModulesAsync()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, ".ci", "smtp-server.sh")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException("The repository root (with .ci/smtp-server.sh) was not found above " + AppContext.BaseDirectory);
        }

        var install = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        install.ArgumentList.Add(Path.Combine(root.FullName, ".ci", "smtp-server.sh"));
        install.ArgumentList.Add("dir");
        using var process = Process.Start(install)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($".ci/smtp-server.sh dir failed ({process.ExitCode}); node and npm are needed:\n{await stderr}");
        }

        return (await stdout).Trim().Split('\n')[^1];
    }
}
