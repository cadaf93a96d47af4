using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit;
using Xunit.Abstractions;

namespace Telemetry.Api.Tests.Durability;

/// <summary>
/// A 202 means the samples are on disk: the service runs as its own process, a client ingests and records
/// every acknowledged sample, the process is killed with SIGKILL mid-stream and started again on the same
/// data directory, and every acknowledged sample is there, once, and nothing that was refused.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output) : IDisposable
{
    private const string BootstrapKey = "crash-test-admin";
    private const string Metric = "inventory.on_hand";
    private const int SeriesCount = 10;
    private const int SamplesPerSeriesPerRequest = 5;

    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "telemetry-crash-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Every_acknowledged_sample_survives_a_sigkill_and_none_is_stored_twice()
    {
        // Each series gets one sample per second from two hours ago, so 1s buckets hold one sample each.
        var origin = DateTimeOffset.UtcNow.AddHours(-2);
        origin = new DateTimeOffset(origin.Year, origin.Month, origin.Day, origin.Hour, origin.Minute, 0, TimeSpan.Zero);
        var acknowledged = new Dictionary<string, Dictionary<long, double>>();
        var inFlight = new Dictionary<string, Dictionary<long, double>>();
        for (var s = 0; s < SeriesCount; s++)
        {
            acknowledged[Sku(s)] = [];
            inFlight[Sku(s)] = [];
        }

        var silo = await SiloProcess.StartAsync(_dataPath, BootstrapKey);
        int requests;
        try
        {
            using var client = Client(silo);
            using var ingest = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                var sent = 0;
                for (var second = 0; !ingest.IsCancellationRequested; second += SamplesPerSeriesPerRequest, sent++)
                {
                    var samples = Enumerable.Range(0, SeriesCount)
                        .SelectMany(s => Enumerable.Range(second, SamplesPerSeriesPerRequest).Select(i => (Sku: Sku(s), Second: (long)i, Value: s * 100_000.0 + i)))
                        .ToList();
                    foreach (var sample in samples)
                    {
                        inFlight[sample.Sku][sample.Second] = sample.Value;
                    }

                    HttpResponseMessage response;
                    try
                    {
                        response = await client.PostAsync("/v1/telemetry/ingest", Body(origin, samples));
                    }
                    catch (HttpRequestException)
                    {
                        return sent; // The process died under this request: its samples stay "in flight".
                    }
                    catch (TaskCanceledException)
                    {
                        return sent;
                    }

                    Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                    var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
                    Assert.Equal(samples.Count, answer.GetProperty("accepted").GetInt32());
                    Assert.Equal(1, answer.GetProperty("rejected").GetInt32());
                    foreach (var sample in samples)
                    {
                        acknowledged[sample.Sku][sample.Second] = sample.Value;
                        inFlight[sample.Sku].Remove(sample.Second);
                    }
                }

                return sent;
            });

            await Task.Delay(TimeSpan.FromSeconds(2));
            silo.Kill();
            requests = await writer;
        }
        finally
        {
            await silo.DisposeAsync();
        }

        var acked = acknowledged.Values.Sum(s => s.Count);
        output.WriteLine($"{requests} requests acknowledged ({acked} samples) before SIGKILL.");
        Assert.True(acked > 0, "Nothing was acknowledged before the kill.\n" + silo.Output);

        await using var restarted = await SiloProcess.StartAsync(_dataPath, BootstrapKey);
        using var queries = Client(restarted);
        for (var s = 0; s < SeriesCount; s++)
        {
            var stored = await StoredAsync(queries, Sku(s), origin);
            foreach (var (second, value) in acknowledged[Sku(s)])
            {
                Assert.True(stored.TryGetValue(second, out var found), $"{Sku(s)} lost the acknowledged sample at +{second}s.");
                Assert.Equal(value, found);
            }

            // Anything else must come from the request the kill interrupted (it may or may not have been logged).
            foreach (var (second, value) in stored.Where(p => !acknowledged[Sku(s)].ContainsKey(p.Key)))
            {
                Assert.True(inFlight[Sku(s)].TryGetValue(second, out var sent) && sent == value, $"{Sku(s)} holds +{second}s = {value}, which was never sent.");
            }
        }

        // The refused record of every request (an invalid type) left nothing behind.
        var refused = await queries.PostAsync("/v1/telemetry/query", Json(new { metric = "refused.metric", start = origin.AddMinutes(-1), end = DateTimeOffset.UtcNow, granularity = "1h", aggregation = "count" }));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Empty((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("series").EnumerateArray());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private static async Task<Dictionary<long, double>> StoredAsync(HttpClient client, string sku, DateTimeOffset origin)
    {
        var response = await client.PostAsync("/v1/telemetry/query", Json(new
        {
            metric = Metric,
            start = origin,
            end = origin.AddHours(1),
            granularity = "1s",
            aggregation = "count",
            rollup = (string?)null,
            filters = new Dictionary<string, string> { ["sku"] = sku },
            fill = "none",
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var counts = Points(await response.Content.ReadFromJsonAsync<JsonElement>());
        Assert.All(counts, c => Assert.Equal(1, c.Value)); // none twice

        var values = await client.PostAsync("/v1/telemetry/query", Json(new
        {
            metric = Metric,
            start = origin,
            end = origin.AddHours(1),
            granularity = "1s",
            aggregation = "last",
            filters = new Dictionary<string, string> { ["sku"] = sku },
            fill = "none",
        }));
        return Points(await values.Content.ReadFromJsonAsync<JsonElement>())
            .ToDictionary(p => (long)(p.Key - origin).TotalSeconds, p => p.Value);
    }

    private static Dictionary<DateTimeOffset, double> Points(JsonElement answer)
    {
        var points = new Dictionary<DateTimeOffset, double>();
        foreach (var series in answer.GetProperty("series").EnumerateArray())
        {
            foreach (var point in series.GetProperty("points").EnumerateArray())
            {
                points[DateTimeOffset.Parse(point.GetProperty("t").GetString()!, CultureInfo.InvariantCulture)] = point.GetProperty("v").GetDouble();
            }
        }

        return points;
    }

    private static StringContent Body(DateTimeOffset origin, List<(string Sku, long Second, double Value)> samples)
    {
        var records = samples
            .Select(s => (object)new { metric = Metric, type = "gauge", value = s.Value, timestamp = origin.AddSeconds(s.Second), dimensions = new { sku = s.Sku } })
            .Append(new { metric = "refused.metric", type = "not-a-type", value = 1 });
        return Json(records);
    }

    private static StringContent Json(object value) =>
        new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    private static HttpClient Client(SiloProcess silo)
    {
        var client = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BootstrapKey);
        client.DefaultRequestHeaders.Add("X-Tenant-ID", "crash-test");
        return client;
    }

    private static string Sku(int series) => $"SKU-{series:D3}";
}
