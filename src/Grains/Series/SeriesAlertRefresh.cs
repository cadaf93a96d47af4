using Microsoft.Extensions.Hosting;
using Telemetry.Alerts;

namespace Telemetry.Series;

/// <summary>
/// When a tenant's rules change, tells the series grains active on this silo whose metric's rules changed, so
/// existing series evaluate their newest sample against the new rules and start watching new no-data rules at once
/// instead of at their next sample.
/// </summary>
public sealed class SeriesAlertRefresh(AlertRuleBook ruleBook, LocalSeriesActivations activations, IGrainFactory grains) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ruleBook.Changed += OnRulesChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        ruleBook.Changed -= OnRulesChanged;
        return Task.CompletedTask;
    }

    private void OnRulesChanged(string tenantId, IReadOnlyList<string> metrics)
    {
        var prefixes = metrics.Select(metric => SeriesKey.ForMetric(tenantId, metric) + "/").ToList();
        foreach (var key in activations.Keys)
        {
            if (prefixes.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal)))
            {
                // One-way: returns at once.
                _ = grains.GetGrain<ISeriesGrain>(key).RefreshAlertsAsync();
            }
        }
    }
}
