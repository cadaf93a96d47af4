using System.Collections.Immutable;
using Telemetry.Schema;
using Telemetry.Tenancy;

namespace Telemetry.Series;

public sealed partial class MetricGrain
{
    Task<MetricSchema?> IMetricGrain.GetSchemaAsync(int? version) =>
        Task.FromResult(version is { } v ? state.State.Versions.FirstOrDefault(s => s.Version == v) : state.State.Current);

    Task<ImmutableArray<MetricSchema>> IMetricGrain.GetSchemaVersionsAsync() =>
        Task.FromResult(state.State.Versions.ToImmutableArray());

    Task<SchemaChangeResult> IMetricGrain.RegisterSchemaAsync(SchemaDraft draft, string actor) =>
        CommitAsync(SchemaEvolution.Register(state.State.Current, draft, MetricName, KeysWithData(), actor, time.GetUtcNow()));

    Task<SchemaChangeResult> IMetricGrain.UpdateSchemaAsync(SchemaDraft draft, string actor) =>
        CommitAsync(SchemaEvolution.Update(state.State.Current, draft, KeysWithData(), actor, time.GetUtcNow()));

    Task<SchemaChangeResult> IMetricGrain.DeprecateAsync(string actor) =>
        CommitAsync(SchemaEvolution.Deprecate(state.State.Current, actor, time.GetUtcNow()));

    Task<MetricStatus> IMetricGrain.GetStatusAsync(TenantSettings tenant)
    {
        var schema = state.State.Current;
        var limit = schema?.MaxSeries ?? tenant.MaxSeriesPerMetric ?? cardinality.Value.MaxSeriesPerMetric;
        var dimensions = _sketches
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => new DimensionStats(
                s.Key,
                s.Value.Estimate(),
                state.State.SampleValues.TryGetValue(s.Key, out var samples) ? [.. samples] : []))
            .ToImmutableArray();

        var warnings = ImmutableArray.CreateBuilder<string>();
        if (_index.Count >= limit * cardinality.Value.WarningRatio)
        {
            warnings.Add($"{_index.Count} series is {100.0 * _index.Count / limit:0}% of the limit of {limit} series for '{MetricName}'.");
        }

        if (state.State.RejectedSeries > 0)
        {
            warnings.Add($"{state.State.RejectedSeries} new series were refused by the cardinality limit.");
        }

        if (schema?.Deprecated == true)
        {
            warnings.Add($"'{MetricName}' is deprecated: ingest refuses its samples; its stored data stays queryable.");
        }

        return Task.FromResult(new MetricStatus(schema, _index.Count, limit, dimensions, warnings.ToImmutable(), state.State.RejectedSeries));
    }

    private async Task<SchemaChangeResult> CommitAsync(SchemaChangeResult result)
    {
        if (result.Outcome is SchemaChangeOutcome.Created or SchemaChangeOutcome.Updated)
        {
            var isNew = state.State.Versions.Count == 0;
            state.State.Versions.Add(result.Schema!);
            await WriteAsync();
            if (isNew)
            {
                await GrainFactory.GetGrain<ITenantGrain>(TenantId).AddMetricAsync(MetricName);
            }
        }

        return result;
    }

    private HashSet<string> KeysWithData() =>
        state.State.Series.Values.SelectMany(s => s.Labels.Pairs.Select(p => p.Key)).ToHashSet(StringComparer.Ordinal);
}
