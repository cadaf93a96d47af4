using System.Collections.Immutable;
using Telemetry.Series;

namespace Telemetry.Schema;

/// <summary>
/// The rules for changing a metric's schema. Compatible: adding dimensions, unit, notes, retention,
/// mode, limits, overflow, (un)deprecating. Incompatible unless forced: changing the type (it would
/// mix gauge and counter data) and dropping a dimension that stored series carry.
/// </summary>
public static class SchemaEvolution
{
    public static SchemaChangeResult Register(MetricSchema? current, SchemaDraft draft, string name, ISet<string> keysWithData, string actor, DateTimeOffset now)
    {
        if (draft.Type is null)
        {
            return Invalid("invalid_schema", "'type' is required to register a metric: gauge, counter, histogram, set or summary.");
        }

        if (current is null)
        {
            var created = Apply(Initial(name, draft.Type.Value, now, actor), draft with { Deprecated = false }, SchemaOrigin.Declared, now, actor) with { Version = 1 };
            return Validate(created) ?? new SchemaChangeResult(SchemaChangeOutcome.Created, created);
        }

        if (current.Origin == SchemaOrigin.Declared && !current.Deprecated)
        {
            return new SchemaChangeResult(SchemaChangeOutcome.AlreadyExists, current, null, "schema_exists",
                $"Metric '{name}' is registered already (version {current.Version}); change it with PATCH.");
        }

        // Declaring an observed (or deprecated) metric is an update under the same compatibility rules.
        var result = Update(current, draft with { Deprecated = false }, keysWithData, actor, now, SchemaOrigin.Declared);
        return result.Outcome == SchemaChangeOutcome.Unchanged && current.Origin == SchemaOrigin.Observed
            ? new SchemaChangeResult(SchemaChangeOutcome.Updated, current with { Origin = SchemaOrigin.Declared, Version = current.Version + 1, ChangedAt = now, ChangedBy = actor }, current)
            : result;
    }

    public static SchemaChangeResult Update(MetricSchema? current, SchemaDraft draft, ISet<string> keysWithData, string actor, DateTimeOffset now, SchemaOrigin origin = SchemaOrigin.Declared)
    {
        if (current is null)
        {
            return new SchemaChangeResult(SchemaChangeOutcome.NotFound, null, null, "metric_not_found", "No such metric.");
        }

        var next = Apply(current, draft, origin, now, actor);
        if (next.Type != current.Type)
        {
            if (!draft.Force)
            {
                return Conflict(current,
                    $"Changing '{current.Name}' from {Name(current.Type)} to {Name(next.Type)} would mix the two kinds of data in its series; "
                    + "pass \"force\": true to change it anyway (series then keep only samples of the new type, from their next sample on).");
            }

            next = next with { TypeEpoch = current.TypeEpoch + 1 };
        }

        var dropped = current.Dimensions.Except(next.Dimensions, StringComparer.Ordinal).Where(keysWithData.Contains).ToList();
        if (dropped.Count > 0 && !draft.Force)
        {
            return Conflict(current,
                $"Dimension(s) {string.Join(", ", dropped.Select(d => $"'{d}'"))} of '{current.Name}' carry stored series; "
                + "dropping them from the schema would orphan that data. Pass \"force\": true to drop them anyway.");
        }

        if (Validate(next) is { } invalid)
        {
            return invalid;
        }

        if (SameContent(current, next))
        {
            return new SchemaChangeResult(SchemaChangeOutcome.Unchanged, current);
        }

        return new SchemaChangeResult(SchemaChangeOutcome.Updated, next with { Version = current.Version + 1 }, current);
    }

    public static SchemaChangeResult Deprecate(MetricSchema? current, string actor, DateTimeOffset now)
    {
        if (current is null)
        {
            return new SchemaChangeResult(SchemaChangeOutcome.NotFound, null, null, "metric_not_found", "No such metric.");
        }

        return current.Deprecated
            ? new SchemaChangeResult(SchemaChangeOutcome.Unchanged, current)
            : new SchemaChangeResult(SchemaChangeOutcome.Updated,
                current with { Deprecated = true, Version = current.Version + 1, ChangedAt = now, ChangedBy = actor }, current);
    }

    /// <summary>The schema a lenient first write registers: its type and the dimension keys it saw.</summary>
    public static MetricSchema Observed(string name, MetricType type, IEnumerable<string> keys, DateTimeOffset now) =>
        Initial(name, type, now, "ingest") with { Version = 1, Origin = SchemaOrigin.Observed, Dimensions = Sorted(keys) };

    /// <summary>A lenient write saw new dimension keys: a new observed version that declares them.</summary>
    public static MetricSchema Extend(MetricSchema current, IEnumerable<string> keys, DateTimeOffset now) =>
        current with
        {
            Dimensions = Sorted(current.Dimensions.Concat(keys)),
            Version = current.Version + 1,
            ChangedAt = now,
            ChangedBy = "ingest",
        };

    private static MetricSchema Initial(string name, MetricType type, DateTimeOffset now, string actor) =>
        new(name, type, null, [], null, null, 0, false, null, null, null, SchemaOrigin.Declared, 0, now, actor);

    private static MetricSchema Apply(MetricSchema current, SchemaDraft draft, SchemaOrigin origin, DateTimeOffset now, string actor) =>
        current with
        {
            Type = draft.Type ?? current.Type,
            Unit = draft.Unit ?? current.Unit,
            Dimensions = draft.Dimensions is { } dimensions ? Sorted(dimensions) : current.Dimensions,
            RetentionDays = draft.RetentionDays ?? current.RetentionDays,
            Notes = draft.Notes ?? current.Notes,
            Mode = draft.Mode ?? current.Mode,
            MaxSeries = draft.MaxSeries ?? current.MaxSeries,
            OverflowDimension = draft.OverflowDimension is { } overflow ? (overflow.Length == 0 ? null : overflow) : current.OverflowDimension,
            Deprecated = draft.Deprecated ?? current.Deprecated,
            Origin = origin,
            ChangedAt = now,
            ChangedBy = actor,
        };

    private static SchemaChangeResult? Validate(MetricSchema schema)
    {
        if (schema.Dimensions.Any(d => !DimensionKey.IsValid(d)))
        {
            return Invalid("invalid_schema", "Every dimension must be a valid key: a letter or '_', then letters, digits, '_', '.', '-'; not starting with '__'.");
        }

        if (schema.OverflowDimension is { } overflow && !schema.Dimensions.Contains(overflow, StringComparer.Ordinal))
        {
            return Invalid("invalid_schema", $"The overflow dimension '{overflow}' must be one of the metric's dimensions.");
        }

        if (schema.MaxSeries is <= 0 || schema.RetentionDays is <= 0)
        {
            return Invalid("invalid_schema", "'max_series' and 'retention_days' must be positive.");
        }

        return null;
    }

    private static bool SameContent(MetricSchema a, MetricSchema b) =>
        a.Type == b.Type && a.Unit == b.Unit && a.Dimensions.SequenceEqual(b.Dimensions) && a.RetentionDays == b.RetentionDays
        && a.Notes == b.Notes && a.Mode == b.Mode && a.MaxSeries == b.MaxSeries && a.OverflowDimension == b.OverflowDimension
        && a.Deprecated == b.Deprecated && a.Origin == b.Origin;

    private static ImmutableArray<string> Sorted(IEnumerable<string> keys) =>
        [.. keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static SchemaChangeResult Conflict(MetricSchema current, string message) =>
        new(SchemaChangeOutcome.Conflict, current, null, "incompatible_change", message);

    private static SchemaChangeResult Invalid(string code, string message) =>
        new(SchemaChangeOutcome.Invalid, null, null, code, message);

    private static string Name(MetricType type) => type.ToString().ToLowerInvariant();
}
