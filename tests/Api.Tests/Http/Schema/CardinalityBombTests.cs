using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Telemetry.Schema;
using Telemetry.Series;
using Xunit;
using Xunit.Abstractions;

namespace Telemetry.Api.Tests.Http.Schema;

/// <summary>A server whose metrics may hold at most <see cref="MaxSeriesPerMetric"/> series each.</summary>
public sealed class CardinalityBombServer : TelemetryServer
{
    public const int MaxSeriesPerMetric = 10_000;

    protected override IEnumerable<string> ExtraArgs => [$"--Telemetry:Cardinality:MaxSeriesPerMetric={MaxSeriesPerMetric}"];
}

/// <summary>
/// Runs alone (no other collection in parallel), so that the process-wide memory figures are the bomb's.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CardinalityBombCollection : ICollectionFixture<CardinalityBombServer>
{
    public const string Name = "cardinality bomb";
}

/// <summary>
/// Issue #3's cardinality bomb: one metric offered 100,000 distinct label values, fast, over real HTTP, against
/// a limit of 10,000 series per metric. The limit must hold exactly, the series admitted before the bomb
/// must keep working, and the server must neither fall over nor keep state per refused series.
/// </summary>
[Collection(CardinalityBombCollection.Name)]
public sealed class CardinalityBombTests(CardinalityBombServer server, ITestOutputHelper output)
{
    private const string Metric = "inventory.on_hand";
    private const int DistinctValues = 100_000;
    private const int BatchSize = 2_000;
    private const int ConcurrentRequests = 4;

    // Admitted series cost memory by design: a series grain activation (Orleans bookkeeping, the hot window's
    // initial arrays), an index entry with its labels and postings in the metric grain, and this silo's
    // schema-cache entry: a few KB each, so 10,000 series are expected to take tens of MB. 400 MB is that
    // with ample headroom for GC timing and Orleans' own caches, yet well below what keeping even ~4 KB of
    // state per refused series (90,000 of them) on top of the admitted ones would reach. The working set
    // also holds native and not-yet-returned memory, so it gets twice that.
    private const long MaxManagedGrowthBytes = 400L * 1024 * 1024;
    private const long MaxWorkingSetGrowthBytes = 800L * 1024 * 1024;

    private readonly DateTimeOffset _t0 = Api.RecentBase();

    [Fact]
    public async Task A_hundred_thousand_distinct_values_admit_exactly_the_limit_and_leave_the_server_healthy()
    {
        var key = await server.NewTenantAsync();
        await server.IngestOkAsync(key, Api.Array(Api.Record(Metric, 1, _t0, new { sku = "steady" })));
        Assert.Equal([1.0], SteadyValues(await server.QueryOkAsync(key, SteadyQuery())));

        var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        var workingSetBefore = WorkingSet();
        var clock = Stopwatch.StartNew();

        var (accepted, rejected, codes, statuses) = await BombAsync(key);

        clock.Stop();
        var managedAfter = GC.GetTotalMemory(forceFullCollection: true);
        var workingSetAfter = WorkingSet();
        var status = await server.App.Services.GetRequiredService<IGrainFactory>()
            .GetGrain<IMetricGrain>(SeriesKey.ForMetric(key.Tenant, Metric))
            .GetStatusAsync(new TenantSettings(EnforcementMode.Lenient, null, null, 0));

        output.WriteLine($"{DistinctValues:N0} distinct values in {DistinctValues / BatchSize} requests of {BatchSize:N0}, {ConcurrentRequests} at a time: {clock.Elapsed.TotalSeconds:0.0} s");
        output.WriteLine($"accepted {accepted:N0}, rejected {rejected:N0}; responses {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");
        output.WriteLine($"metric: {status.SeriesCount:N0} series of {status.SeriesLimit:N0}, {status.RejectedSeries:N0} refused; sku estimate {status.Dimensions.Single(d => d.Key == "sku").DistinctEstimate:N0}");
        output.WriteLine($"managed heap: {Mb(managedBefore)} → {Mb(managedAfter)} (growth {Mb(managedAfter - managedBefore)}, {(managedAfter - managedBefore) / (double)CardinalityBombServer.MaxSeriesPerMetric:N0} B per admitted series)");
        output.WriteLine($"working set:  {Mb(workingSetBefore)} → {Mb(workingSetAfter)} (growth {Mb(workingSetAfter - workingSetBefore)})");

        // The series admitted before the bomb is one of the 10,000.
        Assert.Equal(CardinalityBombServer.MaxSeriesPerMetric - 1, accepted);
        Assert.Equal(DistinctValues - accepted, rejected);
        Assert.Equal(["cardinality_limit"], codes.Keys);
        Assert.Equal(CardinalityBombServer.MaxSeriesPerMetric, status.SeriesLimit);
        Assert.Equal(CardinalityBombServer.MaxSeriesPerMetric, status.SeriesCount);
        Assert.Equal(rejected, status.RejectedSeries);

        // The series from before the bomb still ingests and queries.
        await server.IngestOkAsync(key, Api.Array(Api.Record(Metric, 2, _t0.AddMinutes(2), new { sku = "steady" })));
        Assert.Equal([3.0], SteadyValues(await server.QueryOkAsync(key, SteadyQuery())));

        // A value past the limit is still refused, and the server is up and healthy.
        using (var refused = await server.IngestAsync(key, Api.Array(Api.Record(Metric, 1, _t0.AddMinutes(2), new { sku = "one-more" }))))
        {
            var body = await Api.JsonAsync(refused, HttpStatusCode.BadRequest);
            Assert.Equal(["0:cardinality_limit"], Api.ErrorCodes(body));
        }

        using (var health = await server.SendAsync(HttpMethod.Get, $"{TelemetryServer.Base}/health", apiKey: null))
        {
            Assert.Equal("healthy", (await Api.JsonAsync(health, HttpStatusCode.OK)).GetProperty("status").GetString());
        }

        Assert.True(managedAfter - managedBefore < MaxManagedGrowthBytes, $"Managed heap grew by {Mb(managedAfter - managedBefore)}.");
        Assert.True(workingSetAfter - workingSetBefore < MaxWorkingSetGrowthBytes, $"Working set grew by {Mb(workingSetAfter - workingSetBefore)}.");
    }

    private async Task<(int Accepted, int Rejected, Dictionary<string, int> Codes, Dictionary<int, int> Statuses)> BombAsync(TenantKey key)
    {
        var accepted = 0;
        var rejected = 0;
        var codes = new ConcurrentDictionary<string, int>();
        var statuses = new ConcurrentDictionary<int, int>();
        var batches = Enumerable.Range(0, DistinctValues / BatchSize);
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = ConcurrentRequests }, async (batch, _) =>
        {
            var records = Enumerable.Range(batch * BatchSize, BatchSize)
                .Select(i => Api.Record(Metric, i, _t0.AddMinutes(1), new { sku = $"sku-{i:D6}" }));
            using var response = await server.IngestAsync(key, Api.Array([.. records]));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
            var body = JsonDocument.Parse(text).RootElement;
            Interlocked.Add(ref accepted, body.GetProperty("accepted").GetInt32());
            Interlocked.Add(ref rejected, body.GetProperty("rejected").GetInt32());
            statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            foreach (var error in body.GetProperty("errors").EnumerateArray())
            {
                codes.AddOrUpdate(error.GetProperty("code").GetString()!, 1, (_, n) => n + 1);
            }
        });

        return (accepted, rejected, new Dictionary<string, int>(codes), new Dictionary<int, int>(statuses));
    }

    private object SteadyQuery() => new
    {
        metric = Metric,
        start = Api.Utc(_t0),
        end = Api.Utc(_t0.AddMinutes(5)),
        granularity = "5m",
        aggregation = "sum",
        filters = new { sku = "steady" },
    };

    private static double?[] SteadyValues(JsonElement query) => Api.Values(Api.OnlySeries(query));

    private static long WorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static string Mb(long bytes) => $"{bytes / (1024.0 * 1024.0):0.0} MB";
}
