using Telemetry.Alerts;
using Telemetry.Series;

namespace Telemetry.Ingest;

/// <summary>
/// Which batches the <see cref="ApplyDispatcher"/> applies first: those that may change an alert's state. A batch is
/// urgent when one of its samples breaches, or keeps firing, a per-series rule of its metric, or when the series'
/// previous urgent batch did (so its recovery is quick too). Rules of tenants the silo has not loaded do not count
/// (the series grain loads them when it evaluates). Not thread-safe: the dispatcher calls it under its lock.
/// </summary>
public sealed class AlertFastLane
{
    private readonly HashSet<LoggedSeries> _breaching = [];

    /// <summary>Series whose last urgent batch breached; their next batch is urgent whatever it holds.</summary>
    public int BreachingSeries => _breaching.Count;

    public bool IsUrgent(LoggedSeries series, SeriesBatch batch, TenantAlertRules? rules)
    {
        var breaching = rules is not null && Breaches(rules, batch);
        if (breaching)
        {
            _breaching.Add(series);
            return true;
        }

        return _breaching.Count > 0 && _breaching.Remove(series);
    }

    private static bool Breaches(TenantAlertRules rules, SeriesBatch batch)
    {
        foreach (var definition in rules.For(batch.Metric))
        {
            var rule = definition.Rule;
            if (!rule.IsPerSeries(batch.Labels) || !AlertScope.Matches(rule.Filters, batch.Labels))
            {
                continue;
            }

            foreach (var value in batch.Values)
            {
                if (AlertCondition.Breaches(rule, value) || AlertCondition.KeepsFiring(rule, value))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
