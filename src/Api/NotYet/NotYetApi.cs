using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Telemetry.Api.Problems;

namespace Telemetry.Api.NotYet;

/// <summary>
/// The parts of the API surface that are not built yet answer 501 with a problem naming what is missing,
/// so that a client learns it at once instead of guessing from a 404. They need no key and reveal nothing.
/// </summary>
public static class NotYetApi
{
    private static readonly (string Method, string Pattern, string Feature)[] Routes =
    [
        ("POST", "/ingest/bulk", "Bulk ingestion jobs"),
        ("POST", "/prometheus/remote_write", "Prometheus remote_write"),
        ("POST", "/opentelemetry", "OTLP ingestion"),
        ("GET", "/pull/{connectorId}", "Pull connectors"),
        ("POST", "/aggregate", "On-demand rollups"),
        ("POST", "/topk", "Top-K queries"),
        ("POST", "/histogram", "Histogram queries"),
        ("POST", "/compare", "Range comparison"),
        ("POST", "/compute/derived", "Derived metrics"),
        ("POST", "/sql", "SQL queries"),
        ("GET", "/rollups", "Rollup policies"),
        ("POST", "/rollups", "Rollup policies"),
        ("PATCH", "/rollups/{id}", "Rollup policies"),
        ("DELETE", "/rollups/{id}", "Rollup policies"),
        ("GET", "/retention/policies", "Retention policies"),
        ("POST", "/retention/policies", "Retention policies"),
        ("PATCH", "/retention/policies/{id}", "Retention policies"),
        ("DELETE", "/retention/policies/{id}", "Retention policies"),
        ("POST", "/retention/compact", "Compaction jobs"),
        ("GET", "/retention/actions", "Retention actions"),
        ("POST", "/anomalies/detect", "Anomaly detection"),
        ("POST", "/anomalies/alerts", "Anomaly alerts"),
        ("GET", "/anomalies", "Anomaly detection"),
        ("GET", "/anomalies/{jobId}", "Anomaly detection"),
        ("POST", "/ml/train", "ML jobs"),
        ("GET", "/ml/{jobId}", "ML jobs"),
        ("GET", "/dashboards", "Dashboards"),
        ("POST", "/dashboards", "Dashboards"),
        ("GET", "/dashboards/{id}", "Dashboards"),
        ("PATCH", "/dashboards/{id}", "Dashboards"),
        ("DELETE", "/dashboards/{id}", "Dashboards"),
        ("POST", "/dashboards/{id}/share", "Dashboards"),
        ("POST", "/saved_queries", "Saved queries"),
        ("POST", "/exports", "Exports"),
        ("GET", "/exports/{jobId}", "Exports"),
        ("POST", "/webhooks", "Event webhooks"),
        ("POST", "/connectors", "Connectors"),
        ("GET", "/connectors/{id}/run", "Connectors"),
        ("GET", "/connectors/{id}/logs", "Connectors"),
        ("GET", "/roles", "Roles"),
        ("POST", "/roles", "Roles"),
        ("GET", "/permissions", "Permissions"),
        ("GET", "/usage", "Usage"),
        ("GET", "/billing/estimates", "Billing estimates"),
        ("GET", "/jobs", "Jobs"),
        ("POST", "/jobs/backfill", "Backfill jobs"),
        ("GET", "/jobs/{jobId}", "Jobs"),
        ("POST", "/jobs/{jobId}/cancel", "Jobs"),
        ("GET", "/metrics/internal", "Internal metrics"),
        ("POST", "/test/generate", "Synthetic data"),
        ("POST", "/test/load", "Load tests"),
    ];

    public static void MapNotYetApi(this RouteGroupBuilder group)
    {
        foreach (var (method, pattern, feature) in Routes)
        {
            group.MapMethods(pattern, [method], () => Problem.NotImplemented($"{feature} is not built yet; see the feature table in the README."))
                .ExcludeFromDescription();
        }
    }
}
