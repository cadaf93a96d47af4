namespace Telemetry.Query;

/// <summary>
/// Exact percentiles by linear interpolation between closest ranks (Hyndman–Fan R-7, numpy's default, Excel's
/// PERCENTILE.INC): with h = (n − 1)·p, the value is x[⌊h⌋] + (h − ⌊h⌋)·(x[⌈h⌉] − x[⌊h⌋]).
/// </summary>
public static class Percentile
{
    /// <summary>The rank (0..1) of a percentile aggregation, or false for the others.</summary>
    public static bool TryGetRank(Aggregation aggregation, out double rank)
    {
        rank = aggregation switch
        {
            Aggregation.P50 => 0.50,
            Aggregation.P90 => 0.90,
            Aggregation.P95 => 0.95,
            Aggregation.P99 => 0.99,
            _ => double.NaN,
        };
        return !double.IsNaN(rank);
    }

    public static bool IsPercentile(this Aggregation aggregation) => TryGetRank(aggregation, out _);

    /// <summary>The percentile of values already sorted ascending; <paramref name="rank"/> in [0, 1].</summary>
    public static double OfSorted(ReadOnlySpan<double> sorted, double rank)
    {
        if (sorted.IsEmpty)
        {
            throw new ArgumentException("A percentile needs at least one value.", nameof(sorted));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rank, 1.0);

        var h = (sorted.Length - 1) * rank;
        var below = (int)Math.Floor(h);
        var above = (int)Math.Ceiling(h);
        return sorted[below] + ((h - below) * (sorted[above] - sorted[below]));
    }

    /// <summary>The percentile of unsorted values; sorts them in place.</summary>
    public static double OfUnsorted(Span<double> values, double rank)
    {
        values.Sort();
        return OfSorted(values, rank);
    }
}
