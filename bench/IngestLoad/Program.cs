// Ingest load against a running service over HTTP: N series, one sample per series per request
// (as Prometheus remote_write senders do), fixed concurrency, bounded request count.
// Run: dotnet run -c Release --project bench/IngestLoad -- <base-url> <admin-key> [series] [requests] [concurrency]
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

var baseUrl = args.Length > 0 ? args[0] : "http://127.0.0.1:5080";
var adminKey = args.Length > 1 ? args[1] : throw new ArgumentException("usage: <base-url> <admin-key> [series] [requests] [concurrency]");
var seriesCount = args.Length > 2 ? int.Parse(args[2]) : 10_000;
var requests = args.Length > 3 ? int.Parse(args[3]) : 200;
var concurrency = args.Length > 4 ? int.Parse(args[4]) : 4;
const int SeriesPerRequest = 2_000;

using var client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
var tenant = "bench-" + Guid.NewGuid().ToString("N")[..8];
client.DefaultRequestHeaders.Add("X-Tenant-ID", tenant);

var start = DateTimeOffset.UtcNow.AddMinutes(-30);
var bodies = new byte[requests][];
for (var r = 0; r < requests; r++)
{
    // Each request carries one sample for each of 2,000 consecutive series, one second later than the last round.
    var builder = new StringBuilder();
    var timestamp = start.AddSeconds(r * SeriesPerRequest / seriesCount).ToString("O");
    for (var i = 0; i < SeriesPerRequest; i++)
    {
        var series = (r * SeriesPerRequest + i) % seriesCount;
        builder.Append("{\"metric\":\"inventory.on_hand\",\"value\":").Append(series % 500)
            .Append(",\"timestamp\":\"").Append(timestamp)
            .Append("\",\"dimensions\":{\"sku\":\"SKU-").Append(series % 2_000).Append("\",\"location_id\":\"loc_").Append(series / 2_000).Append("\"}}\n");
    }

    bodies[r] = Encoding.UTF8.GetBytes(builder.ToString());
}

// Warm up: admit every series once so the timed part measures steady-state ingest.
for (var r = 0; r < Math.Min(requests, (seriesCount + SeriesPerRequest - 1) / SeriesPerRequest); r++)
{
    await SendAsync(bodies[r]);
}

var latencies = new double[requests];
var accepted = 0L;
var next = -1;
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

Array.Sort(latencies);
Console.WriteLine($"series={seriesCount} requests={requests} samples_per_request={SeriesPerRequest} concurrency={concurrency}");
Console.WriteLine($"accepted={accepted} seconds={clock.Elapsed.TotalSeconds:0.00} samples_per_second={accepted / clock.Elapsed.TotalSeconds:0}");
Console.WriteLine($"request_ms p50={latencies[requests / 2]:0.0} p99={latencies[Math.Min(requests - 1, requests * 99 / 100)]:0.0}");

async Task<int> SendAsync(byte[] body)
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
