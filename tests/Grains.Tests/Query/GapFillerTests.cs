using Telemetry.Query;
using Xunit;

namespace Telemetry.Tests.Query;

public sealed class GapFillerTests
{
    private static readonly double?[] Values = [null, 1, null, 2, null];
    private static readonly string[] Labels = ["a", "b", "c", "d", "e"];

    [Fact]
    public void Null_keeps_every_bucket_with_null_where_empty()
    {
        var points = GapFiller.Fill(Values, Labels, FillMode.Null);

        Assert.Equal(["a", "b", "c", "d", "e"], points.Select(p => p.T));
        Assert.Equal([null, 1, null, 2, null], points.Select(p => p.V));
    }

    [Fact]
    public void Zero_puts_zero_in_empty_buckets()
    {
        var points = GapFiller.Fill(Values, Labels, FillMode.Zero);

        Assert.Equal([0, 1, 0, 2, 0], points.Select(p => p.V));
    }

    [Fact]
    public void Previous_carries_the_last_value_forward_and_leaves_leading_gaps_null()
    {
        var points = GapFiller.Fill(Values, Labels, FillMode.Previous);

        Assert.Equal([null, 1, 1, 2, 2], points.Select(p => p.V));
    }

    [Fact]
    public void None_omits_empty_buckets()
    {
        var points = GapFiller.Fill(Values, Labels, FillMode.None);

        Assert.Equal([new QueryPoint("b", 1), new QueryPoint("d", 2)], points.ToArray());
    }
}
