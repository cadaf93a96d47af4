using Telemetry.Ingest;
using Telemetry.Series;
using Xunit;

namespace Telemetry.Tests.Ingest;

public sealed class ReplayMarkingTests
{
    [Fact]
    public void Entries_up_to_the_applied_mark_replay_as_replayed_and_later_ones_as_live()
    {
        var batch = new SeriesBatch("t", "m", MetricType.Gauge, SeriesLabels.Empty, [1], [2]);

        var applied = LogReplayer.AsReplayed(new LogEntry(5, [batch]), appliedMark: 5);
        var maybeNot = LogReplayer.AsReplayed(new LogEntry(6, [batch]), appliedMark: 5);

        Assert.True(Assert.Single(applied).Replayed);
        Assert.False(Assert.Single(maybeNot).Replayed);
    }
}
