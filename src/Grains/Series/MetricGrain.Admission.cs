using System.Collections.Immutable;
using Telemetry.Schema;
using Telemetry.Tenancy;

namespace Telemetry.Series;

public sealed partial class MetricGrain
{
    public const string OverflowValue = "__overflow__";

    async Task<AdmissionResult> IMetricGrain.AdmitAsync(MetricType type, ImmutableArray<SeriesLabels> candidates, TenantSettings tenant, bool dryRun)
    {
        var now = time.GetUtcNow();
        if (!dryRun)
        {
            Observe(candidates);
        }

        var changed = false;
        var schema = state.State.Current;
        var mode = schema?.Mode ?? tenant.Mode;
        if (schema is null)
        {
            if (mode == EnforcementMode.Strict)
            {
                return RejectAll(null, candidates, "unknown_metric",
                    $"Metric '{MetricName}' is not registered and the tenant enforces a strict schema; register it with POST /schema.");
            }

            schema = SchemaEvolution.Observed(MetricName, type, candidates.SelectMany(c => c.Pairs.Select(p => p.Key)), now);
            if (!dryRun)
            {
                state.State.Versions.Add(schema);
                await GrainFactory.GetGrain<ITenantGrain>(TenantId).AddMetricAsync(MetricName);
                changed = true;
            }
        }

        if (schema.Deprecated)
        {
            return RejectAll(schema, candidates, "metric_deprecated",
                $"Metric '{MetricName}' is deprecated (schema version {schema.Version}); its samples are refused. Re-register it to ingest again.");
        }

        if (schema.Type != type)
        {
            return RejectAll(schema, candidates, "type_conflict",
                $"Metric '{MetricName}' is a {Name(schema.Type)}; a {Name(type)} sample cannot be stored in it.");
        }

        var declared = schema.Dimensions.ToHashSet(StringComparer.Ordinal);
        var newKeys = new SortedSet<string>(StringComparer.Ordinal);
        var verdicts = new AdmissionVerdict?[candidates.Length];
        var fresh = new List<(int Index, SeriesLabels Labels)>();
        var freshHashes = new HashSet<ulong>();
        var limit = schema.MaxSeries ?? tenant.MaxSeriesPerMetric ?? cardinality.Value.MaxSeriesPerMetric;
        // Rounded up, so that an overflow dimension still folds under a small limit (3 × 0.1 would allow no overflow series).
        var overflowCap = limit + (int)Math.Ceiling(limit * cardinality.Value.OverflowAllowance);

        for (var i = 0; i < candidates.Length; i++)
        {
            var labels = candidates[i];
            var undeclared = labels.Pairs.Select(p => p.Key).Where(k => !declared.Contains(k)).ToList();
            if (undeclared.Count > 0 && mode == EnforcementMode.Strict)
            {
                verdicts[i] = new AdmissionVerdict(null, "undeclared_dimension",
                    $"Dimension(s) {string.Join(", ", undeclared.Select(k => $"'{k}'"))} are not declared for '{MetricName}' and the schema is strict.");
                continue;
            }

            if (_index.TryGet(labels.Hash, out _) || freshHashes.Contains(labels.Hash))
            {
                verdicts[i] = new AdmissionVerdict(labels);
                continue;
            }

            var count = _index.Count + fresh.Count;
            if (count >= limit)
            {
                var folded = Fold(labels, schema.OverflowDimension);
                if (folded is not null && (_index.TryGet(folded.Hash, out _) || freshHashes.Contains(folded.Hash)))
                {
                    verdicts[i] = new AdmissionVerdict(folded);
                    continue;
                }

                if (folded is null || count >= overflowCap)
                {
                    verdicts[i] = new AdmissionVerdict(null, "cardinality_limit",
                        $"Metric '{MetricName}' has reached its limit of {limit} series; samples of new series are refused while existing series keep working.");
                    continue;
                }

                labels = folded;
            }

            newKeys.UnionWith(undeclared);
            fresh.Add((i, labels));
            freshHashes.Add(labels.Hash);
        }

        var granted = fresh.Count;
        if (fresh.Count > 0)
        {
            var tenantGrain = GrainFactory.GetGrain<ITenantGrain>(TenantId);
            if (dryRun)
            {
                var room = await tenantGrain.GetCardinalityAsync();
                granted = (int)Math.Clamp(room.SeriesLimit - room.SeriesCount, 0, fresh.Count);
            }
            else
            {
                granted = await tenantGrain.ReserveSeriesAsync(fresh.Count);
            }
        }

        for (var f = 0; f < fresh.Count; f++)
        {
            var (index, labels) = fresh[f];
            if (f >= granted)
            {
                verdicts[index] = new AdmissionVerdict(null, "cardinality_limit",
                    $"Tenant '{TenantId}' has reached its series limit; samples of new series are refused while existing series keep working.");
                continue;
            }

            verdicts[index] = new AdmissionVerdict(labels);
            if (!dryRun)
            {
                var entry = new SeriesEntry(labels.Hash, labels, type);
                _index.Add(entry);
                state.State.Series[labels.Hash] = entry;
                changed = true;
            }
        }

        var rejected = verdicts.Count(v => v!.RejectCode == "cardinality_limit");
        if (!dryRun)
        {
            state.State.RejectedSeries += rejected;
            if (newKeys.Count > 0 && mode == EnforcementMode.Lenient)
            {
                schema = SchemaEvolution.Extend(schema, newKeys, now);
                state.State.Versions.Add(schema);
                changed = true;
            }

            if (changed)
            {
                await WriteAsync();
            }
        }

        return new AdmissionResult(schema, [.. verdicts.Select(v => v!)]);
    }

    /// <summary>Feeds every offered dimension value to the key's sketch and keeps a few sample values.</summary>
    private void Observe(ImmutableArray<SeriesLabels> candidates)
    {
        var keep = cardinality.Value.SampleValuesPerDimension;
        foreach (var labels in candidates)
        {
            foreach (var (key, value) in labels.Pairs)
            {
                if (!_sketches.TryGetValue(key, out var sketch))
                {
                    _sketches[key] = sketch = new HyperLogLog();
                }

                sketch.Add(value);
                if (!state.State.SampleValues.TryGetValue(key, out var samples))
                {
                    state.State.SampleValues[key] = samples = [];
                }

                if (samples.Count < keep && !samples.Contains(value))
                {
                    samples.Add(value);
                }
            }
        }

        _dirty |= candidates.Length > 0;
    }

    private static SeriesLabels? Fold(SeriesLabels labels, string? overflowDimension)
    {
        if (overflowDimension is null || labels[overflowDimension] is not { } value || value == OverflowValue)
        {
            return null;
        }

        return new SeriesLabels(labels.Pairs.Select(p => p.Key == overflowDimension ? new KeyValuePair<string, string>(p.Key, OverflowValue) : p));
    }

    private static AdmissionResult RejectAll(MetricSchema? schema, ImmutableArray<SeriesLabels> candidates, string code, string message) =>
        new(schema, [.. candidates.Select(_ => new AdmissionVerdict(null, code, message))]);

    private static string Name(MetricType type) => type.ToString().ToLowerInvariant();
}
