using System.Collections.Concurrent;
using Telemetry.Ingest;
using Xunit;

namespace Telemetry.Tests.Ingest;

public sealed class LogCoverageTests
{
    private static readonly LoggedSeries A = new("t", "m", 1);
    private static readonly LoggedSeries B = new("t", "m", 2);

    [Fact]
    public async Task A_file_is_covered_only_when_every_series_flushed_past_its_newest_sample()
    {
        var newest = new Dictionary<LoggedSeries, long> { [A] = 100, [B] = 200 };

        Assert.False(await LogReplayer.CoveredAsync(newest, new(), s => Task.FromResult(s == A ? 101L : 200L)));
        Assert.True(await LogReplayer.CoveredAsync(newest, new(), s => Task.FromResult(s == A ? 101L : 201L)));
    }

    [Fact]
    public async Task Each_series_is_asked_once_per_trim_pass()
    {
        var asked = new ConcurrentBag<LoggedSeries>();
        var cache = new ConcurrentDictionary<LoggedSeries, long>();
        Task<long> Ask(LoggedSeries series)
        {
            asked.Add(series);
            return Task.FromResult(1_000L);
        }

        await LogReplayer.CoveredAsync(new Dictionary<LoggedSeries, long> { [A] = 1 }, cache, Ask);
        await LogReplayer.CoveredAsync(new Dictionary<LoggedSeries, long> { [A] = 2, [B] = 3 }, cache, Ask);

        Assert.Equal([A, B], asked.OrderBy(s => s.Hash));
    }
}
