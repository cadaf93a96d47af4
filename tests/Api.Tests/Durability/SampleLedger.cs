using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Telemetry.Api.Tests.Durability;

/// <summary>
/// Ingests a stream of samples into a silo and remembers which were acknowledged (202) and which were in flight
/// when the silo died, then checks a silo's answers against that: every acknowledged sample there, once, and
/// nothing that was never sent. Each series gets one sample per second from two hours ago, so 1s buckets hold
/// one sample each; every request also carries one invalid record, which must leave nothing behind.
/// </summary>
public sealed class SampleLedger
{
    public const string BootstrapKey = "durability-test-admin";
    private const string Tenant = "durability-test";
    private const string Metric = "inventory.on_hand";
    private const int SeriesCount = 10;
    private const int SamplesPerSeriesPerRequest = 5;

    private readonly DateTimeOffset _origin;
    private readonly Dictionary<string, Dictionary<long, double>> _acknowledged = [];
    private readonly Dictionary<string, Dictionary<long, double>> _inFlight = [];
    private int _nextSecond;

    public SampleLedger()
    {
        var origin = DateTimeOffset.UtcNow.AddHours(-2);
        _origin = new DateTimeOffset(origin.Year, origin.Month, origin.Day, origin.Hour, origin.Minute, 0, TimeSpan.Zero);
        for (var s = 0; s < SeriesCount; s++)
        {
            _acknowledged[Sku(s)] = [];
            _inFlight[Sku(s)] = [];
        }
    }

    public int Acknowledged => _acknowledged.Values.Sum(s => s.Count);

    public static HttpClient Client(SiloProcess silo)
    {
        var client = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BootstrapKey);
        client.DefaultRequestHeaders.Add("X-Tenant-ID", Tenant);
        return client;
    }

    /// <summary>Ingests request after request until cancelled or until the silo stops answering; returns the requests acknowledged.</summary>
    public async Task<int> IngestUntilAsync(HttpClient client, CancellationToken stop)
    {
        var sent = 0;
        for (; !stop.IsCancellationRequested; _nextSecond += SamplesPerSeriesPerRequest, sent++)
        {
            var samples = Enumerable.Range(0, SeriesCount)
                .SelectMany(s => Enumerable.Range(_nextSecond, SamplesPerSeriesPerRequest).Select(i => (Sku: Sku(s), Second: (long)i, Value: s * 100_000.0 + i)))
                .ToList();
            foreach (var sample in samples)
            {
                _inFlight[sample.Sku][sample.Second] = sample.Value;
            }

            HttpResponseMessage response;
            try
            {
                response = await client.PostAsync("/v1/telemetry/ingest", Body(samples));
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
                _acknowledged[sample.Sku][sample.Second] = sample.Value;
                _inFlight[sample.Sku].Remove(sample.Second);
            }
        }

        return sent;
    }

    /// <summary>The samples of the first series that the silo answers with (to watch them arrive).</summary>
    public async Task<int> CountFirstSeriesAsync(HttpClient client) => (await StoredAsync(client, Sku(0))).Count;

    /// <summary>Every acknowledged sample is stored once with its value; anything else was in flight; the invalid records left nothing.</summary>
    public async Task VerifyAsync(HttpClient client)
    {
        for (var s = 0; s < SeriesCount; s++)
        {
            var stored = await StoredAsync(client, Sku(s));
            foreach (var (second, value) in _acknowledged[Sku(s)])
            {
                Assert.True(stored.TryGetValue(second, out var found), $"{Sku(s)} lost the acknowledged sample at +{second}s.");
                Assert.Equal(value, found);
            }

            // Anything else must come from the request the kill interrupted (it may or may not have been logged).
            foreach (var (second, value) in stored.Where(p => !_acknowledged[Sku(s)].ContainsKey(p.Key)))
            {
                Assert.True(_inFlight[Sku(s)].TryGetValue(second, out var sent) && sent == value, $"{Sku(s)} holds +{second}s = {value}, which was never sent.");
            }
        }

        var refused = await client.PostAsync("/v1/telemetry/query", Json(new { metric = "refused.metric", start = _origin.AddMinutes(-1), end = DateTimeOffset.UtcNow, granularity = "1h", aggregation = "count" }));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Empty((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("series").EnumerateArray());
    }

    private async Task<Dictionary<long, double>> StoredAsync(HttpClient client, string sku)
    {
        var response = await client.PostAsync("/v1/telemetry/query", Json(new
        {
            metric = Metric,
            start = _origin,
            end = _origin.AddHours(1),
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
            start = _origin,
            end = _origin.AddHours(1),
            granularity = "1s",
            aggregation = "last",
            filters = new Dictionary<string, string> { ["sku"] = sku },
            fill = "none",
        }));
        return Points(await values.Content.ReadFromJsonAsync<JsonElement>())
            .ToDictionary(p => (long)(p.Key - _origin).TotalSeconds, p => p.Value);
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

    private StringContent Body(List<(string Sku, long Second, double Value)> samples)
    {
        var records = samples
            .Select(s => (object)new { metric = Metric, type = "gauge", value = s.Value, timestamp = _origin.AddSeconds(s.Second), dimensions = new { sku = s.Sku } })
            .Append(new { metric = "refused.metric", type = "not-a-type", value = 1 });
        return Json(records);
    }

    private static StringContent Json(object value) =>
        new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    private static string Sku(int series) => $"SKU-{series:D3}";
}
