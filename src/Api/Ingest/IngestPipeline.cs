using System.Collections.Immutable;
using Telemetry.Api.Schema;
using Telemetry.Ingest;
using Telemetry.Schema;
using Telemetry.Series;

namespace Telemetry.Api.Ingest;

/// <summary>
/// What happens to validated samples: normalize dimensions (tenant rules), group them by series, hold
/// them to the metric's schema, let the metric admit series this silo has not seen (schema, mode,
/// cardinality, overflow), then append the admitted batches to the write-ahead log; the 202 follows once
/// they are durable. With <c>store: false</c> every verdict is the same but nothing is registered or stored.
/// </summary>
public sealed class IngestPipeline(IGrainFactory grains, SchemaViewCache views)
{
    public sealed record Outcome(int Accepted, List<IngestError> Errors);

    public async Task<Outcome> RunAsync(string tenantId, ValidatedBatch validated, bool store)
    {
        var tenant = await views.GetTenantAsync(tenantId);
        var samples = tenant.Rules.Rules.IsEmpty
            ? validated.Samples
            : validated.Samples.Select(s => DimensionNormalizer.Apply(tenant.Rules, s.Metric, s.Labels) is var labels && ReferenceEquals(labels, s.Labels) ? s : s with { Labels = labels });
        var (routes, conflicts) = SeriesRouter.Group(tenantId, samples);
        var errors = new List<IngestError>(validated.Errors);
        errors.AddRange(conflicts);

        var admitted = new List<SeriesRouter.Route>(routes.Count);
        var relabeled = false;
        foreach (var metricRoutes in routes.GroupBy(r => r.Batch.Metric, StringComparer.Ordinal))
        {
            var (metricAdmitted, metricRelabeled) = await AdmitAsync(tenantId, metricRoutes.Key, [.. metricRoutes], tenant.Settings, store, errors);
            admitted.AddRange(metricAdmitted);
            relabeled |= metricRelabeled;
        }

        var accepted = admitted.Sum(r => r.Indexes.Length);
        if (store)
        {
            // Routes are one per series until admission gives a candidate other labels (an overflow series).
            accepted = await AppendAsync(relabeled ? SeriesRouter.Merge(admitted) : admitted);
        }

        return new Outcome(accepted, errors);
    }

    /// <summary>The admitted routes, and whether admission gave any of them other labels than it arrived with.</summary>
    private async Task<(List<SeriesRouter.Route> Admitted, bool Relabeled)> AdmitAsync(
        string tenantId, string metric, List<SeriesRouter.Route> routes, TenantSettings settings, bool store, List<IngestError> errors)
    {
        var view = await views.GetMetricAsync(tenantId, metric);
        var admitted = new List<SeriesRouter.Route>(routes.Count);
        var unknown = new List<SeriesRouter.Route>();
        var relabeled = false;
        foreach (var route in routes)
        {
            if (view.Schema is { } schema && view.IsAdmitted(route.Batch.Labels.Hash))
            {
                if (Check(schema, route.Batch, settings) is { } refusal)
                {
                    Refuse(route, refusal.Code, refusal.Message, errors);
                }
                else
                {
                    admitted.Add(route.Batch.TypeEpoch == schema.TypeEpoch ? route : route with { Batch = route.Batch with { TypeEpoch = schema.TypeEpoch } });
                }

                continue;
            }

            unknown.Add(route);
        }

        var metricGrain = grains.GetGrain<IMetricGrain>(SeriesKey.ForMetric(tenantId, metric));
        foreach (var sameType in unknown.GroupBy(r => r.Batch.Type))
        {
            var candidates = sameType.ToList();
            var result = await metricGrain.AdmitAsync(sameType.Key, [.. candidates.Select(r => r.Batch.Labels)], settings, dryRun: !store);
            view.Update(result.Schema, view.FetchedAt);
            for (var i = 0; i < candidates.Count; i++)
            {
                var (route, verdict) = (candidates[i], result.Verdicts[i]);
                if (!verdict.Admitted)
                {
                    Refuse(route, verdict.RejectCode!, verdict.RejectMessage!, errors);
                    continue;
                }

                if (store)
                {
                    view.MarkAdmitted(verdict.Labels!.Hash);
                }

                relabeled |= verdict.Labels!.Hash != route.Batch.Labels.Hash;
                admitted.Add(route with { Batch = route.Batch with { Labels = verdict.Labels!, TypeEpoch = result.Schema!.TypeEpoch } });
            }
        }

        return (admitted, relabeled);
    }

    private static void Refuse(SeriesRouter.Route route, string code, string message, List<IngestError> errors)
    {
        foreach (var index in route.Indexes)
        {
            errors.Add(new IngestError(index, code, message));
        }
    }

    /// <summary>The per-record checks a known series still needs: the schema may have changed since it was admitted.</summary>
    private static (string Code, string Message)? Check(MetricSchema schema, SeriesBatch batch, TenantSettings settings)
    {
        if (schema.Deprecated)
        {
            return ("metric_deprecated", $"Metric '{schema.Name}' is deprecated (schema version {schema.Version}); its samples are refused. Re-register it to ingest again.");
        }

        if (schema.Type != batch.Type)
        {
            return ("type_conflict", $"Metric '{schema.Name}' is a {Name(schema.Type)}; a {Name(batch.Type)} sample cannot be stored in it.");
        }

        if ((schema.Mode ?? settings.Mode) == EnforcementMode.Strict && Undeclared(schema, batch.Labels) is { Count: > 0 } undeclared)
        {
            return ("undeclared_dimension", $"Dimension(s) {string.Join(", ", undeclared.Select(k => $"'{k}'"))} are not declared for '{schema.Name}' and the schema is strict.");
        }

        return null;
    }

    private static List<string> Undeclared(MetricSchema schema, SeriesLabels labels) =>
        labels.Pairs.Select(p => p.Key).Where(k => !schema.Dimensions.Contains(k)).ToList();

    /// <summary>Makes the admitted batches durable in this silo's log; they are applied to the series grains behind it.</summary>
    private async Task<int> AppendAsync(List<SeriesRouter.Route> routes)
    {
        if (routes.Count > 0)
        {
            await grains.GetGrain<IIngestGatewayGrain>(0).AppendAsync([.. routes.Select(r => r.Batch)]);
        }

        return routes.Sum(r => r.Indexes.Length);
    }

    private static string Name(MetricType type) => type.ToString().ToLowerInvariant();
}
