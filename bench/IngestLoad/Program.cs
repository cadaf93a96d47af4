// Ingest load against a running service over HTTP: N series, one sample per series per request
// (as Prometheus remote_write senders do), fixed concurrency, bounded request count.
// Run: dotnet run -c Release --project bench/IngestLoad -- <base-url> <admin-key> [series] [requests] [concurrency] [server-pid] [ndjson|array]
// With the server's process id (same machine) it also prints the server's CPU time per sample, which
// does not depend on what else shares the cores, and the load generator's own CPU time per sample.
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

var baseUrl = args.Length > 0 ? args[0] : "http://127.0.0.1:5080";
var adminKey = args.Length > 1 ? args[1] : throw new ArgumentException("usage: <base-url> <admin-key> [series] [requests] [concurrency] [server-pid] [ndjson|array]");
var seriesCount = args.Length > 2 ? int.Parse(args[2]) : 10_000;
var requests = args.Length > 3 ? int.Parse(args[3]) : 200;
var concurrency = args.Length > 4 ? int.Parse(args[4]) : 4;
int? serverPid = args.Length > 5 && int.Parse(args[5]) > 0 ? int.Parse(args[5]) : null;
var jsonArray = args.Length > 6 && args[6] == "array";
const int SeriesPerRequest = 2_000;

using var client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
var tenant = "bench-" + Guid.NewGuid().ToString("N")[..8];
client.DefaultRequestHeaders.Add("X-Tenant-ID", tenant);
var contentType = new MediaTypeHeaderValue(jsonArray ? "application/json" : "application/x-ndjson");

// Bodies are serialized before the clock starts, so the timed part costs the generator only the HTTP exchange.
var start = DateTimeOffset.UtcNow.AddMinutes(-30);
var bodies = new byte[requests][];
for (var r = 0; r < requests; r++)
{
    // Each request carries one sample for each of 2,000 consecutive series, one second later than the last round.
    var builder = new StringBuilder(jsonArray ? "[" : "");
    var timestamp = start.AddSeconds(r * SeriesPerRequest / seriesCount).ToString("O");
    for (var i = 0; i < SeriesPerRequest; i++)
    {
        var series = (r * SeriesPerRequest + i) % seriesCount;
        builder.Append("{\"metric\":\"inventory.on_hand\",\"value\":").Append(series % 500)
            .Append(",\"timestamp\":\"").Append(timestamp)
            .Append("\",\"dimensions\":{\"sku\":\"SKU-").Append(series % 2_000).Append("\",\"location_id\":\"loc_").Append(series / 2_000).Append("\"}}")
            .Append(jsonArray ? (i + 1 < SeriesPerRequest ? ",\n" : "]") : "\n");
    }

    bodies[r] = Encoding.UTF8.GetBytes(builder.ToString());
}

// Warm up: admit every series once so the timed part measures steady-state ingest.
for (var r = 0; r < Math.Min(requests, (seriesCount + SeriesPerRequest - 1) / SeriesPerRequest); r++)
{
    await SendAsync(bodies[r]);
}

await WaitAppliedAsync();
var latencies = new double[requests];
var accepted = 0L;
var next = -1;
var serverBefore = ServerCpu();
var ownBefore = Process.GetCurrentProcess().TotalProcessorTime;
var clock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
{
    int r;
    while ((r = Interlocked.Increment(ref next)) < requests)
    {
        var sent = Stopwatch.StartNew();
        Interlocked.Add(ref accepted, await SendAsync(bodies[r]));
        latencies[r] = sent.Elapsed.TotalMilliseconds;
    }
}));
clock.Stop();
var serverAcknowledged = ServerCpu();
var own = Process.GetCurrentProcess().TotalProcessorTime - ownBefore;
await WaitAppliedAsync();
var serverApplied = ServerCpu();

Array.Sort(latencies);
Console.WriteLine($"series={seriesCount} requests={requests} samples_per_request={SeriesPerRequest} concurrency={concurrency} body={(jsonArray ? "array" : "ndjson")}");
Console.WriteLine($"accepted={accepted} seconds={clock.Elapsed.TotalSeconds:0.00} samples_per_second={accepted / clock.Elapsed.TotalSeconds:0}");
Console.WriteLine($"request_ms p50={latencies[requests / 2]:0.0} p99={latencies[Math.Min(requests - 1, requests * 99 / 100)]:0.0}");
Console.WriteLine($"loadgen_cpu_us_per_sample={own.TotalMicroseconds / accepted:0.00}");
if (serverPid is not null)
{
    // "acknowledged" covers the timed requests; "applied" adds applying them to the series grains behind the log.
    Console.WriteLine($"server_cpu_us_per_sample acknowledged={(serverAcknowledged - serverBefore).TotalMicroseconds / accepted:0.00} applied={(serverApplied - serverBefore).TotalMicroseconds / accepted:0.00}");
}

async Task<int> SendAsync(byte[] body)
{
    using var content = new ByteArrayContent(body);
    content.Headers.ContentType = contentType;
    using var response = await client.PostAsync("/v1/telemetry/ingest", content);
    var json = await response.Content.ReadAsByteArrayAsync();
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{(int)response.StatusCode}: {Encoding.UTF8.GetString(json)}");
    }

    using var document = JsonDocument.Parse(json);
    return document.RootElement.GetProperty("accepted").GetInt32();
}

// Waits until the server has applied every acknowledged log entry to the series grains.
async Task WaitAppliedAsync()
{
    for (var attempt = 0; attempt < 600; attempt++)
    {
        using var document = JsonDocument.Parse(await client.GetByteArrayAsync("/v1/telemetry/diagnostics"));
        if (document.RootElement.GetProperty("ingest").GetProperty("apply_lag_entries").GetInt64() == 0)
        {
            return;
        }

        await Task.Delay(50);
    }

    throw new TimeoutException("The server did not apply its log within 30 s.");
}

// User plus system CPU time of the server process, from /proc/<pid>/stat (fields 14 and 15, in clock ticks).
TimeSpan ServerCpu()
{
    if (serverPid is not { } pid)
    {
        return TimeSpan.Zero;
    }

    var stat = File.ReadAllText($"/proc/{pid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    var ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
    const double ClockTicksPerSecond = 100; // USER_HZ on Linux
    return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
}
