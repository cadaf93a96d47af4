namespace Telemetry.Api.Query;

/// <summary>Query limits, bound from <c>Telemetry:Query</c>. Past them a query gets 422.</summary>
public sealed class QueryOptions
{
    public const string Section = "Telemetry:Query";

    /// <summary>Groups × buckets in one response.</summary>
    public int MaxPoints { get; set; } = 100_000;

    /// <summary>Series one query may read.</summary>
    public int MaxSeries { get; set; } = 10_000;

    /// <summary>Buckets per group.</summary>
    public int MaxBucketsPerSeries { get; set; } = 20_000;

    /// <summary>Longest time range of one query.</summary>
    public TimeSpan MaxSpan { get; set; } = TimeSpan.FromDays(400);

    public int MaxGroupBy { get; set; } = 10;

    public int MaxFilterValues { get; set; } = 1_000;
}
