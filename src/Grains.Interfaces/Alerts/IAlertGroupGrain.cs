namespace Telemetry.Alerts;

/// <summary>
/// One per rule and coarser group (key <c>tenant/ruleId/groupHash</c>, see <see cref="AlertKeys"/>): keeps the
/// latest value of every series of the group, evaluates the rule on their aggregate, and watches no-data.
/// Series grains feed it the newest sample of each applied batch.
/// </summary>
[Alias("Telemetry.Alerts.IAlertGroupGrain")]
public interface IAlertGroupGrain : IGrainWithStringKey
{
    /// <summary>A series of the group reports its newest sample (UTC ticks); one-way, so ingest never waits for it.</summary>
    [Alias("Observe"), Orleans.Concurrency.OneWay]
    Task ObserveAsync(Series.SeriesLabels series, Series.SeriesLabels group, long timestamp, double value);
}
