using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Telemetry.Alerts;

/// <summary>
/// Each silo's copy of the alert rules of the tenants it has evaluated, so a series grain finds its rules without a
/// grain call. A loop asks every known tenant's <see cref="IAlertRulesGrain"/> for its version each
/// <c>RuleRefreshInterval</c> and reloads what changed, then tells the listeners (the series grains active here), so a
/// change reaches existing and new series on every silo within about that interval.
/// </summary>
public sealed class AlertRuleBook(
    IGrainFactory grains,
    IOptions<AlertEvaluationOptions> options,
    TimeProvider time,
    ILogger<AlertRuleBook> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, TenantAlertRules> _tenants = new(StringComparer.Ordinal);

    /// <summary>Raised after a tenant's rules changed, with the metrics whose rules differ.</summary>
    public event Action<string, IReadOnlyList<string>>? Changed;

    /// <summary>The tenant's rules when this silo has them already: the hot path, no call.</summary>
    public bool TryGet(string tenantId, out TenantAlertRules rules) => _tenants.TryGetValue(tenantId, out rules!);

    /// <summary>The tenant's rules, loading them on first use; from then on the loop keeps them fresh.</summary>
    public async ValueTask<TenantAlertRules> GetAsync(string tenantId)
    {
        if (_tenants.TryGetValue(tenantId, out var rules))
        {
            return rules;
        }

        var loaded = new TenantAlertRules(await grains.GetGrain<IAlertRulesGrain>(tenantId).GetRulesAsync());
        return _tenants.GetOrAdd(tenantId, loaded);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RuleRefreshInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await Task.WhenAll(_tenants.Keys.Select(RefreshAsync));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }

    /// <summary>Reloads the tenant's rules when their version moved on.</summary>
    public async Task RefreshAsync(string tenantId)
    {
        try
        {
            var grain = grains.GetGrain<IAlertRulesGrain>(tenantId);
            var before = _tenants.GetValueOrDefault(tenantId) ?? TenantAlertRules.None;
            if (await grain.GetVersionAsync() == before.Version)
            {
                return;
            }

            var after = new TenantAlertRules(await grain.GetRulesAsync());
            _tenants[tenantId] = after;
            var metrics = after.ChangedMetrics(before).ToList();
            if (metrics.Count > 0)
            {
                Changed?.Invoke(tenantId, metrics);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The next tick tries again; meanwhile the silo evaluates with the rules it has.
            logger.LogWarning(exception, "Could not refresh the alert rules of tenant {Tenant}.", tenantId);
        }
    }
}
