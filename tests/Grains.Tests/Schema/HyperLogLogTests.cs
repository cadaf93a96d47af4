using Telemetry.Schema;
using Xunit;

namespace Telemetry.Tests.Schema;

public sealed class HyperLogLogTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(100)]
    public void Small_counts_are_estimated_within_two(int distinct)
    {
        var sketch = Filled(distinct);

        Assert.InRange(sketch.Estimate(), distinct - 2, distinct + 2);
    }

    [Fact]
    public void A_hundred_thousand_distinct_values_are_estimated_within_three_percent()
    {
        const int distinct = 100_000;

        var estimate = Filled(distinct).Estimate();

        Assert.InRange(estimate, distinct * 0.97, distinct * 1.03);
    }

    [Fact]
    public void Repeated_values_count_once()
    {
        var sketch = new HyperLogLog();
        for (var round = 0; round < 50; round++)
        {
            for (var i = 0; i < 20; i++)
            {
                sketch.Add($"sku-{i}");
            }
        }

        Assert.InRange(sketch.Estimate(), 18, 22);
    }

    [Fact]
    public void Registers_round_trip_through_ToArray()
    {
        var original = Filled(5_000);

        var restored = new HyperLogLog(original.ToArray());
        restored.Add("sku-0");

        Assert.Equal(original.ToArray(), restored.ToArray());
        Assert.Equal(original.Estimate(), restored.Estimate());
    }

    [Fact]
    public void A_sketch_is_4096_bytes_whatever_it_counted()
    {
        Assert.Equal(4096, new HyperLogLog().ToArray().Length);
        Assert.Equal(4096, Filled(100_000).ToArray().Length);
    }

    [Fact]
    public void Registers_of_the_wrong_size_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new HyperLogLog(new byte[4095]));
    }

    [Fact]
    public void ToArray_is_a_copy()
    {
        var sketch = Filled(10);
        var registers = sketch.ToArray();

        Array.Fill(registers, (byte)0);

        Assert.InRange(sketch.Estimate(), 8, 12);
    }

    private static HyperLogLog Filled(int distinct)
    {
        var sketch = new HyperLogLog();
        for (var i = 0; i < distinct; i++)
        {
            sketch.Add($"sku-{i}");
        }

        return sketch;
    }
}
