using Telemetry.Query;
using Xunit;
using static Telemetry.Tests.Query.Partials;

namespace Telemetry.Tests.Query;

public sealed class PartialMergeTests
{
    [Fact]
    public void Cold_and_hot_partials_of_one_bucket_add_up_and_the_hot_last_wins()
    {
        var cold = ReadWithValues((0, [(1, 5), (2, 7)]), (1, [(70, 2)])) with { FlushedBefore = 0 };
        var hot = ReadWithValues((1, [(80, 4)]), (2, [(130, 1)])) with { FlushedBefore = Seconds(75) };

        var merged = PartialMerge.Combine(cold, hot);

        Assert.Equal([0, 1, 2], merged.Buckets.Select(b => b.Bucket));
        var joined = merged.Buckets[1];
        Assert.Equal((2, 6d, 2d, 4d, Seconds(80), 4d), (joined.Count, joined.Sum, joined.Min, joined.Max, joined.LastTimestamp, joined.Last));
        Assert.Equal<double>([2, 4], merged.Values[1]);
        Assert.Equal<double>([5, 7], merged.Values[0]);
        Assert.Equal(Seconds(75), merged.FlushedBefore);
    }

    [Fact]
    public void Increases_add_across_the_flush_boundary()
    {
        var merged = PartialMerge.Combine(Read(Of(0, [(1, 10), (2, 12)], increase: 2)), Read(Of(0, [(3, 15)], increase: 3)));

        Assert.Equal(5, Assert.Single(merged.Buckets).Increase);
    }
}
