namespace Telemetry.Series;

/// <summary>Grain keys of the series and metric grains: <c>tenant/metric</c> and <c>tenant/metric/hash</c>.</summary>
public static class SeriesKey
{
    /// <summary>The key of a <see cref="IMetricGrain"/>.</summary>
    public static string ForMetric(string tenantId, string metric) => $"{tenantId}/{metric}";

    /// <summary>The key of a <see cref="ISeriesGrain"/>.</summary>
    public static string ForSeries(string tenantId, string metric, ulong labelsHash) =>
        $"{tenantId}/{metric}/{FormatId(labelsHash)}";

    /// <summary>The series id as shown to users and stored in the index: 16 hex digits.</summary>
    public static string FormatId(ulong labelsHash) => labelsHash.ToString("x16");
}
