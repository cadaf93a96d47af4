using System.Collections.Immutable;
using Telemetry.Schema;

namespace Telemetry.Series;

/// <summary>
/// One per tenant and metric (key <c>tenant/metric</c>): the schema versions, the series index (postings
/// from dimension values to series) and cardinality state. Touched when series are admitted or the
/// schema changes, never per sample.
/// </summary>
[Alias("Telemetry.Series.IMetricGrain")]
public interface IMetricGrain : IGrainWithStringKey
{
    /// <summary>Series whose labels match every filter (values within one filter are alternatives).</summary>
    [Alias("FindSeries")]
    Task<ImmutableArray<SeriesEntry>> FindSeriesAsync(ImmutableArray<DimensionFilter> filters);

    /// <summary>The metric's type, or null when no series was ever registered.</summary>
    [Alias("GetType")]
    Task<MetricType?> GetMetricTypeAsync();

    /// <summary>
    /// Judges new series against the schema, the enforcement mode and the cardinality limits, indexes the
    /// admitted ones durably, and registers the metric in lenient mode on its first write.
    /// </summary>
    /// <param name="type">The type of the samples offered.</param>
    /// <param name="candidates">Series the caller has not seen admitted yet.</param>
    /// <param name="tenant">The tenant's settings (mode, limit overrides) as the caller knows them.</param>
    /// <param name="dryRun">Judge only: change nothing (for <c>/ingest/validate</c>).</param>
    [Alias("Admit")]
    Task<AdmissionResult> AdmitAsync(MetricType type, ImmutableArray<SeriesLabels> candidates, TenantSettings tenant, bool dryRun);

    /// <summary>The current schema, or version <paramref name="version"/>; null when there is none.</summary>
    [Alias("GetSchema")]
    Task<MetricSchema?> GetSchemaAsync(int? version);

    /// <summary>Every version of the schema, oldest first.</summary>
    [Alias("GetSchemaVersions")]
    Task<ImmutableArray<MetricSchema>> GetSchemaVersionsAsync();

    /// <summary>Registers the metric (POST); AlreadyExists when it is declared already.</summary>
    [Alias("RegisterSchema")]
    Task<SchemaChangeResult> RegisterSchemaAsync(SchemaDraft draft, string actor);

    /// <summary>Changes the schema (PATCH); incompatible changes need <see cref="SchemaDraft.Force"/>.</summary>
    [Alias("UpdateSchema")]
    Task<SchemaChangeResult> UpdateSchemaAsync(SchemaDraft draft, string actor);

    /// <summary>Deprecates the metric (DELETE): ingest rejects its samples, queries still read its data.</summary>
    [Alias("Deprecate")]
    Task<SchemaChangeResult> DeprecateAsync(string actor);

    /// <summary>The schema with series count, limit, dimension estimates and warnings.</summary>
    [Alias("GetStatus")]
    Task<MetricStatus> GetStatusAsync(TenantSettings tenant);
}
