// Live-stream fan-out: N concurrent SSE subscribers on one stream, or spread over many streams; ingest→client
// latency (p50/p99, from just before the ingest request to the client reading the event) and server memory per
// connection (RSS growth while the connections open, divided by N).
// It starts the service itself (Release build of src/Silo, Local provider, a temporary data directory) so that it
// can read the server's memory; the subscribers run in this process on the same machine.
// Run: dotnet build -c Release src/Silo && dotnet run -c Release --project bench/StreamFanout -- [subscribers] [streams] [rounds]
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

var subscribers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var streamCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
const int WarmUpRounds = 2; // first ingest of the tenant, first activations: not counted
const string AdminKey = "bench-fanout-admin-key-0123456789";
const string Metric = "bench.fanout";

var root = new DirectoryInfo(AppContext.BaseDirectory);
while (root is not null && !File.Exists(Path.Combine(root.FullName, "Telemetry.sln")))
{
    root = root.Parent;
}

var silo = Path.Combine(root?.FullName ?? throw new InvalidOperationException("Telemetry.sln not found"), "src", "Silo", "bin", "Release", "net10.0", "Telemetry.Silo.dll");
if (!File.Exists(silo))
{
    throw new InvalidOperationException($"Build the service first: dotnet build -c Release src/Silo ({silo} is missing).");
}

var port = FreePort();
var dataPath = Path.Combine(Path.GetTempPath(), "telemetry-fanout-" + Guid.NewGuid().ToString("N"));
var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
foreach (var argument in (string[])[
    silo, $"--Urls=http://127.0.0.1:{port}", $"--Telemetry:Auth:BootstrapKey={AdminKey}", $"--Telemetry:Storage:DataPath={dataPath}",
    $"--Telemetry:Cluster:SiloPort={FreePort()}", $"--Telemetry:Cluster:GatewayPort={FreePort()}",
    $"--Telemetry:Streams:MaxConnectionsPerTenant={subscribers + 100}", $"--Telemetry:Streams:MaxStreamsPerTenant={streamCount + 10}",
    "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Orleans=Error"])
{
    start.ArgumentList.Add(argument);
}

using var server = Process.Start(start)!;
server.OutputDataReceived += (_, _) => { };
server.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("server: " + e.Data); };
server.BeginOutputReadLine();
server.BeginErrorReadLine();
try
{
    var handler = new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan };
    using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Timeout.InfiniteTimeSpan };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    http.DefaultRequestHeaders.Add("X-Tenant-ID", "bench-fanout");
    await WaitForServerAsync(http);

    // Streams: one per value of dimension "stream"; no condition, so each sample is an event.
    var streamIds = new string[streamCount];
    for (var s = 0; s < streamCount; s++)
    {
        using var created = await http.PostAsync("/v1/telemetry/streams", Json(new
        {
            name = $"fanout-{s}",
            filter = new { metric = Metric, dimensions = new Dictionary<string, string> { ["stream"] = $"s{s}" } },
            transport = "sse",
        }));
        created.EnsureSuccessStatusCode();
        streamIds[s] = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    // One round = one ingest request with one sample per stream; the value is the round number.
    rounds += WarmUpRounds;
var sent = new long[rounds];
    var latencies = new List<(int Round, double Ms)>[subscribers];
    var received = new int[subscribers];
    var rssBefore = Rss(server.Id);
    var connected = 0;
    var readers = new Task[subscribers];
    using var stopping = new CancellationTokenSource();
    using (var gate = new SemaphoreSlim(200))
    {
        var opening = new List<Task>(subscribers);
        for (var i = 0; i < subscribers; i++)
        {
            var index = i;
            latencies[index] = new List<(int Round, double Ms)>(rounds);
            await gate.WaitAsync();
            opening.Add(Task.Run(async () =>
            {
                try
                {
                    var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/telemetry/ws/connect?stream_id={streamIds[index % streamCount]}");
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                    var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                    response.EnsureSuccessStatusCode();
                    Interlocked.Increment(ref connected);
                    readers[index] = ReadAsync(index, response, stopping.Token);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        await Task.WhenAll(opening);
    }

    await Task.Delay(TimeSpan.FromSeconds(2));
    var rssAfter = Rss(server.Id);
    Console.WriteLine($"{connected} SSE subscribers on {streamCount} stream(s) connected; server RSS {rssBefore / 1048576.0:0} MiB → {rssAfter / 1048576.0:0} MiB, {(rssAfter - rssBefore) / (double)subscribers / 1024:0.0} KiB per connection");

    var serverCpuBefore = CpuTime(server.Id);
    var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var t0 = DateTimeOffset.UtcNow.AddMinutes(-5);
    for (var round = 0; round < rounds; round++)
    {
        var body = new StringBuilder();
        for (var s = 0; s < streamCount; s++)
        {
            body.Append("{\"metric\":\"").Append(Metric).Append("\",\"value\":").Append(round)
                .Append(",\"timestamp\":\"").Append(t0.AddSeconds(round).ToString("O", CultureInfo.InvariantCulture))
                .Append("\",\"dimensions\":{\"stream\":\"s").Append(s).Append("\"}}\n");
        }

        Volatile.Write(ref sent[round], Stopwatch.GetTimestamp());
        using var response = await http.PostAsync("/v1/telemetry/ingest", new StringContent(body.ToString(), Encoding.UTF8, "application/x-ndjson"));
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"Ingest answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        await Task.Delay(250);
    }

    var deadline = Stopwatch.StartNew();
    while (received.Sum() < (long)subscribers * rounds && deadline.Elapsed < TimeSpan.FromSeconds(20))
    {
        await Task.Delay(100);
    }

    var serverCpu = CpuTime(server.Id) - serverCpuBefore;
    var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore;
    await stopping.CancelAsync();
    var deliveries = (double)subscribers * rounds;
    Console.WriteLine($"CPU per delivered event: server {serverCpu.TotalMicroseconds / deliveries:0.0} µs, subscribers (this process) {clientCpu.TotalMicroseconds / deliveries:0.0} µs");
    var samples = latencies.SelectMany(l => { lock (l) { return l.ToArray(); } }).ToArray();
    var all = samples.Select(x => x.Ms).Order().ToArray();
    Console.WriteLine("per round (p50/max ms): " + string.Join(" ", samples.GroupBy(x => x.Round).OrderBy(g => g.Key)
        .Select(g => { var r = g.Select(x => x.Ms).Order().ToArray(); return $"{Percentile(r, 0.5):0}/{r[^1]:0}"; })));
    var expected = (long)subscribers * (rounds - WarmUpRounds);
    Console.WriteLine($"events delivered {all.Length:N0} of {expected:N0} ({rounds - WarmUpRounds} timed rounds × {subscribers} subscribers, after {WarmUpRounds} warm-up rounds)");
    if (all.Length > 0)
    {
        Console.WriteLine($"ingest→client latency: p50 {Percentile(all, 0.50):0.0} ms, p99 {Percentile(all, 0.99):0.0} ms, max {all[^1]:0.0} ms");
    }

    long Rss(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    async Task ReadAsync(int index, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // Scans the raw bytes for "value":<round> (one per event); no strings, so the 10k readers stay cheap.
        var marker = "\"value\":"u8.ToArray();
        var buffer = new byte[16 * 1024];
        var carry = 0;
        try
        {
            using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            while (true)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(carry), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                var now = Stopwatch.GetTimestamp();
                var span = buffer.AsSpan(0, carry + read);
                var consumed = 0;
                while (true)
                {
                    var at = span[consumed..].IndexOf(marker);
                    if (at < 0)
                    {
                        break;
                    }

                    var start = consumed + at + marker.Length;
                    var end = span[start..].IndexOfAny((byte)',', (byte)'}');
                    if (end < 0)
                    {
                        consumed = consumed + at; // incomplete: keep from the marker on
                        break;
                    }

                    var round = (int)double.Parse(System.Text.Encoding.ASCII.GetString(span.Slice(start, end)), CultureInfo.InvariantCulture);
                    consumed = start + end;
                    if (round >= WarmUpRounds)
                    {
                        var latency = Stopwatch.GetElapsedTime(Volatile.Read(ref sent[round]), now).TotalMilliseconds;
                        lock (latencies[index])
                        {
                            latencies[index].Add((round, latency));
                        }
                    }

                    Interlocked.Increment(ref received[index]);
                }

                // Keep at most the tail that may hold a marker cut in two.
                var keepFrom = Math.Max(consumed, span.Length - 64);
                carry = span.Length - keepFrom;
                span[keepFrom..].CopyTo(buffer);
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Done.
        }
        finally
        {
            response.Dispose();
        }
    }
}
finally
{
    server.Kill(entireProcessTree: true);
    await server.WaitForExitAsync();
    try
    {
        Directory.Delete(dataPath, recursive: true);
    }
    catch (IOException)
    {
        // Best effort.
    }
}

static TimeSpan CpuTime(int pid)
{
    // utime and stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second on Linux).
    var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    return TimeSpan.FromSeconds((long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0);
}

static double Percentile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

static int FreePort()
{
    using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
    probe.Start();
    return ((IPEndPoint)probe.LocalEndpoint).Port;
}

static async Task WaitForServerAsync(HttpClient http)
{
    for (var i = 0; i < 600; i++)
    {
        try
        {
            using var health = await http.GetAsync("/v1/telemetry/health");
            if (health.IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
            // Not listening yet.
        }

        await Task.Delay(100);
    }

    throw new InvalidOperationException("The service did not start.");
}
