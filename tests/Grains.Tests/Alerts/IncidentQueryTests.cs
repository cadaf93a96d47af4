using Telemetry.Alerts;
using Xunit;

namespace Telemetry.Tests.Alerts;

public sealed class IncidentQueryTests
{
    private static readonly DateTimeOffset Opened = new(2026, 12, 4, 12, 3, 40, TimeSpan.Zero);

    [Fact]
    public void A_short_incident_is_shown_at_one_minute_from_before_the_breach_to_after_it_ended()
    {
        var incident = Incident(resolvedAt: Opened.AddMinutes(20));

        var query = IncidentQuery.For(Rules.LowStock(duration: TimeSpan.FromMinutes(5)), incident, Opened.AddHours(1));

        Assert.Equal("inventory.available", query.Metric);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 11, 48, 0, TimeSpan.Zero), query.Start);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 12, 38, 0, TimeSpan.Zero), query.End);
        Assert.Equal("1m", query.Granularity);
        Assert.Equal("last", query.Rollup);
        Assert.Equal("sum", query.Aggregation);
        Assert.Equal(["location_id", "sku"], query.GroupBy.ToArray());
        Assert.Equal(["berlin"], query.Filters["location_id"].ToArray());
        Assert.Equal(["A-100"], query.Filters["sku"].ToArray());
    }

    [Fact]
    public void A_long_duration_reaches_back_further_and_an_open_incident_ends_after_now()
    {
        var now = Opened.AddDays(3);

        var query = IncidentQuery.For(Rules.LowStock(duration: TimeSpan.FromHours(2)), Incident(resolvedAt: null), now);

        Assert.Equal(new DateTimeOffset(2026, 12, 4, 10, 3, 0, TimeSpan.Zero), query.Start);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 12, 18, 0, TimeSpan.Zero), query.End);
        Assert.Equal("15m", query.Granularity);
        Assert.True((query.End - query.Start) / TimeSpan.FromMinutes(15) <= IncidentQuery.MaxBuckets);
    }

    private static IncidentRecord Incident(DateTimeOffset? resolvedAt) => new(
        "low-stock", Rules.SkuAtLocation, resolvedAt is null ? AlertState.Firing : AlertState.Resolved, IncidentCause.Threshold,
        Opened, Opened.AddMinutes(5), resolvedAt, 7, 7, Opened.AddMinutes(5), AlertState.Firing);
}
