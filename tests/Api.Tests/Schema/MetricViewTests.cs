using Telemetry.Api.Schema;
using Telemetry.Schema;
using Telemetry.Series;
using Xunit;

namespace Telemetry.Api.Tests.Schema;

public sealed class MetricViewTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_newer_schema_replaces_the_cached_one()
    {
        var view = new SchemaViewCache.MetricView();

        view.Update(Version(1), Now);
        view.Update(Version(2), Now.AddSeconds(1));

        Assert.Equal(2, view.Schema!.Version);
        Assert.Equal(Now.AddSeconds(1), view.FetchedAt);
    }

    [Fact]
    public void An_older_schema_answered_late_does_not_replace_a_newer_one()
    {
        // Concurrent requests: an admission answered with version 1 may arrive after one answered with 2.
        var view = new SchemaViewCache.MetricView();
        view.Update(Version(2), Now);

        view.Update(Version(1), Now.AddSeconds(1));

        Assert.Equal(2, view.Schema!.Version);
        Assert.Equal(Now.AddSeconds(1), view.FetchedAt);
    }

    [Fact]
    public void No_schema_clears_the_cached_one()
    {
        var view = new SchemaViewCache.MetricView();
        view.Update(Version(3), Now);

        view.Update(null, Now);

        Assert.Null(view.Schema);
    }

    [Fact]
    public void Admitted_series_are_remembered_by_hash()
    {
        var view = new SchemaViewCache.MetricView();

        view.MarkAdmitted(42);
        view.MarkAdmitted(42);

        Assert.True(view.IsAdmitted(42));
        Assert.False(view.IsAdmitted(43));
    }

    private static MetricSchema Version(int version) =>
        new("inventory.on_hand", MetricType.Gauge, null, ["sku"], null, null, version, false, null, null, null, SchemaOrigin.Observed, 0, Now, "ingest");
}
