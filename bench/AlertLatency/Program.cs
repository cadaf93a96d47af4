// Alert latency under load against a running service: the time from the 202 of the sample that breaks a rule to its
// webhook arriving (and the same for the sample that resolves it), while a background load ingests at a target rate.
// Start the service so that webhooks may reach this program on 127.0.0.1:
//   dotnet run -c Release --project src/Silo -- --Telemetry:Outbound:AllowedHosts:0=127.0.0.1
// Run: dotnet run -c Release --project bench/AlertLatency -- <base-url> <admin-key> [rate] [seconds] [series] [concurrency]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

var baseUrl = args.Length > 0 ? args[0] : "http://127.0.0.1:5080";
var adminKey = args.Length > 1 ? args[1] : throw new ArgumentException("usage: <base-url> <admin-key> [rate] [seconds] [series] [concurrency]");
var targetRate = args.Length > 2 ? int.Parse(args[2]) : 100_000;
var seconds = args.Length > 3 ? int.Parse(args[3]) : 60;
var seriesCount = args.Length > 4 ? int.Parse(args[4]) : 10_000;
var concurrency = args.Length > 5 ? int.Parse(args[5]) : 4;
const int SamplesPerRequest = 2_000;
const string Metric = "inventory.on_hand";
const string Secret = "bench-secret-0123456789";

using var client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
var tenant = "bench-alerts-" + Guid.NewGuid().ToString("N")[..8];
client.DefaultRequestHeaders.Add("X-Tenant-ID", tenant);

// The webhook receiver: when each (sku, kind) notification arrived, on the same clock as the 202s.
var clock = Stopwatch.StartNew();
var arrivals = new ConcurrentDictionary<string, double>();
var port = FreePort();
using var listener = new HttpListener();
listener.Prefixes.Add($"http://127.0.0.1:{port}/");
listener.Start();
_ = Task.Run(async () =>
{
    while (listener.IsListening)
    {
        var context = await listener.GetContextAsync();
        var at = clock.Elapsed.TotalMilliseconds;
        using var body = JsonDocument.Parse(context.Request.InputStream);
        var kind = body.RootElement.GetProperty("kind").GetString();
        var sku = body.RootElement.GetProperty("incident").GetProperty("group").GetProperty("sku").GetString();
        arrivals.TryAdd($"{sku}/{kind}", at);
        context.Response.StatusCode = 200;
        context.Response.Close();
    }
});

// One rule over every series of the metric, evaluated in each series grain on every applied batch. The background
// series never breach it (values 0..499); the probe series do.
await PostJsonAsync("/v1/telemetry/alerts", new
{
    name = "bench: negative stock",
    condition = new { metric = Metric, op = "<", threshold = 0 },
    severity = "critical",
    channels = new[] { new { type = "webhook", url = $"http://127.0.0.1:{port}/hook", secret = Secret } },
});

var start = DateTimeOffset.UtcNow.AddMinutes(-30);
var rounds = Math.Max(1, seriesCount / SamplesPerRequest) * 5;
var bodies = new byte[rounds][];
for (var r = 0; r < rounds; r++)
{
    var builder = new StringBuilder();
    var timestamp = start.AddSeconds(r * SamplesPerRequest / seriesCount).ToString("O");
    for (var i = 0; i < SamplesPerRequest; i++)
    {
        var series = (r * SamplesPerRequest + i) % seriesCount;
        builder.Append("{\"metric\":\"").Append(Metric).Append("\",\"value\":").Append(series % 500)
            .Append(",\"timestamp\":\"").Append(timestamp)
            .Append("\",\"dimensions\":{\"sku\":\"SKU-").Append(series % 2_000).Append("\",\"location_id\":\"loc_").Append(series / 2_000).Append("\"}}\n");
    }

    bodies[r] = Encoding.UTF8.GetBytes(builder.ToString());
}

// Warm up: admit every series once.
for (var r = 0; r < Math.Max(1, seriesCount / SamplesPerRequest); r++)
{
    await PostNdjsonAsync(bodies[r]);
}

using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
var accepted = 0L;
var sent = -1L;
var loadClock = Stopwatch.StartNew();
var interval = targetRate > 0 ? TimeSpan.FromSeconds((double)SamplesPerRequest / targetRate) : TimeSpan.Zero;
var load = Task.WhenAll(Enumerable.Range(0, targetRate > 0 ? concurrency : 0).Select(async _ =>
{
    while (!stop.IsCancellationRequested)
    {
        var n = Interlocked.Increment(ref sent);
        var due = interval * n;
        if (due > loadClock.Elapsed)
        {
            await Task.Delay(due - loadClock.Elapsed);
        }

        Interlocked.Add(ref accepted, await PostNdjsonAsync(bodies[n % rounds]));
    }
}));

// Probes: every 250 ms a new SKU breaks the rule (-1), and after its firing arrived, recovers (5).
var fire = new List<double>();
var resolve = new List<double>();
var missing = 0;
await Task.Delay(TimeSpan.FromSeconds(2));
for (var probe = 0; !stop.IsCancellationRequested; probe++)
{
    var sku = $"probe-{probe}";
    foreach (var (value, kind, into) in new[] { (-1.0, "firing", fire), (5.0, "resolved", resolve) })
    {
        var record = JsonSerializer.Serialize(new
        {
            metric = Metric,
            value,
            timestamp = DateTimeOffset.UtcNow.ToString("O"),
            dimensions = new { sku, location_id = "probe" },
        });
        await PostNdjsonAsync(Encoding.UTF8.GetBytes(record));
        var acknowledged = clock.Elapsed.TotalMilliseconds;
        var deadline = acknowledged + 10_000;
        while (!arrivals.ContainsKey($"{sku}/{kind}") && clock.Elapsed.TotalMilliseconds < deadline)
        {
            await Task.Delay(1);
        }

        if (arrivals.TryGetValue($"{sku}/{kind}", out var arrived))
        {
            into.Add(arrived - acknowledged);
        }
        else
        {
            missing++;
        }
    }

    await Task.Delay(250);
}

await load;
loadClock.Stop();
Console.WriteLine($"background: series={seriesCount} target={targetRate}/s concurrency={concurrency} accepted={accepted} achieved={accepted / loadClock.Elapsed.TotalSeconds:0}/s over {loadClock.Elapsed.TotalSeconds:0.0} s");
Console.WriteLine($"firing:   n={fire.Count} {Summary(fire)}");
Console.WriteLine($"resolved: n={resolve.Count} {Summary(resolve)}");
Console.WriteLine($"all:      n={fire.Count + resolve.Count} {Summary([.. fire, .. resolve])} missing={missing}");
listener.Stop();

static string Summary(List<double> values)
{
    if (values.Count == 0)
    {
        return "no samples";
    }

    var sorted = values.Order().ToArray();
    double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    return $"ms from 202 to webhook: p50={At(0.50):0.0} p90={At(0.90):0.0} p99={At(0.99):0.0} max={sorted[^1]:0.0}";
}

async Task<int> PostNdjsonAsync(byte[] body)
{
    using var content = new ByteArrayContent(body);
    content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
    using var response = await client.PostAsync("/v1/telemetry/ingest", content);
    var json = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{(int)response.StatusCode}: {json}");
    }

    return JsonDocument.Parse(json).RootElement.GetProperty("accepted").GetInt32();
}

async Task PostJsonAsync(string path, object body)
{
    using var response = await client.PostAsync(path, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}

static int FreePort()
{
    using var socket = new TcpListener(IPAddress.Loopback, 0);
    socket.Start();
    return ((IPEndPoint)socket.LocalEndpoint).Port;
}
