using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Telemetry.Ingest;
using Telemetry.Series;
using Xunit;
using static Telemetry.Tests.Cluster.Samples;

namespace Telemetry.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class LogTrimTests(ClusterFixture fixture)
{
    private const string Metric = "inventory.on_hand";

    private readonly string _tenant = "tenant-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task A_log_file_is_trimmed_only_once_its_series_flushed_its_samples_to_segments()
    {
        var services = fixture.Cluster.GetSiloServiceProvider();
        var replayer = services.GetRequiredService<LogReplayer>();
        var labels = Labels(("sku", "s1"));
        var timestamp = fixture.Time.GetUtcNow().UtcTicks - Minutes(1);
        var sequence = await fixture.Client.GetGrain<IIngestGatewayGrain>(0).AppendAsync([Batch(_tenant, Metric, MetricType.Gauge, labels, (timestamp, 4))]);
        Assert.True(await services.GetRequiredService<ApplyDispatcher>().WaitAppliedAsync(sequence, TimeSpan.FromSeconds(10)));
        var file = Path.Combine(fixture.DataPath, "wal", sequence.ToString("D20") + ".log");

        await replayer.TrimAsync();
        Assert.True(File.Exists(file), "The log file was trimmed while its sample was only in the hot window.");

        var series = fixture.Client.GetGrain<ISeriesGrain>(SeriesKey.ForSeries(_tenant, Metric, labels.Hash));
        await series.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await series.GetFlushedBeforeAsync() <= timestamp)
        {
            Assert.True(DateTime.UtcNow < deadline, "The series grain did not flush on deactivation.");
            await Task.Delay(50);
        }

        await replayer.TrimAsync();
        Assert.False(File.Exists(file), "The log file outlived the flush that covers it.");
    }

    [Fact]
    public async Task The_applied_checkpoint_only_rises_unless_reset()
    {
        var checkpoint = fixture.Client.GetGrain<ILogCheckpointGrain>("silo-" + Guid.NewGuid().ToString("N"));

        await checkpoint.SetAppliedAsync(7);
        await checkpoint.SetAppliedAsync(3);
        Assert.Equal(7, await checkpoint.GetAppliedAsync());

        await checkpoint.SetAppliedAsync(2, reset: true);
        Assert.Equal(2, await checkpoint.GetAppliedAsync());
    }
}
