using System.Collections.Immutable;
using Telemetry.Schema;
using Telemetry.Series;

namespace Telemetry.Api.Schema;

/// <summary>
/// Body of <c>POST /schema</c> (name and type required) and <c>PATCH /schema/{metricName}</c> (every field
/// optional; absent or null leaves a field as it is; <c>dimensions</c> replaces the whole list;
/// <c>overflow_dimension: ""</c> removes it; <c>deprecated: false</c> revives a deprecated metric).
/// </summary>
public sealed record SchemaRequest(
    string? Name,
    string? Type,
    string? Unit,
    string[]? Dimensions,
    int? RetentionDays,
    string? Notes,
    string? Mode,
    int? MaxSeries,
    string? OverflowDimension,
    bool? Deprecated,
    bool? Force)
{
    public const int MaxUnitLength = 64;
    public const int MaxNotesLength = 4096;
    public const int MaxRetentionDays = 36_500;

    /// <summary>The grain's draft, or a message saying what is wrong with the request.</summary>
    public (SchemaDraft? Draft, string? Error) ToDraft(bool registering, int maxDimensions)
    {
        if (registering && !MetricName.IsValid(Name))
        {
            return Fail("'name' must be a metric name: a letter or '_', then letters, digits, '_', '.', ':', '-' (at most 200 characters).");
        }

        MetricType? type = null;
        if (Type is not null || registering)
        {
            if (!SchemaNames.TryParseType(Type, out var parsed))
            {
                return Fail($"'type' must be {SchemaNames.TypeList}.");
            }

            type = parsed;
        }

        EnforcementMode? mode = null;
        if (Mode is not null)
        {
            if (!SchemaNames.TryParseMode(Mode, out var parsed))
            {
                return Fail($"'mode' must be {SchemaNames.ModeList}.");
            }

            mode = parsed;
        }

        if (Dimensions is not null)
        {
            if (Dimensions.FirstOrDefault(d => !DimensionKey.IsValid(d)) is { } invalid)
            {
                return Fail($"Dimension '{invalid}' is not a valid key: a letter or '_', then letters, digits, '_', '.', '-' (at most 128 characters), not starting with '__'.");
            }

            if (Dimensions.Distinct(StringComparer.Ordinal).Count() != Dimensions.Length)
            {
                return Fail("'dimensions' lists a key twice.");
            }

            if (Dimensions.Length > maxDimensions)
            {
                return Fail($"A metric declares at most {maxDimensions} dimensions.");
            }
        }

        if (OverflowDimension is { Length: > 0 } overflow && !DimensionKey.IsValid(overflow))
        {
            return Fail($"'overflow_dimension' '{overflow}' is not a valid dimension key.");
        }

        if (MaxSeries is <= 0)
        {
            return Fail("'max_series' must be a positive number of series.");
        }

        if (RetentionDays is <= 0 or > MaxRetentionDays)
        {
            return Fail($"'retention_days' must be between 1 and {MaxRetentionDays}.");
        }

        if (Unit is { Length: > MaxUnitLength })
        {
            return Fail($"'unit' is at most {MaxUnitLength} characters.");
        }

        if (Notes is { Length: > MaxNotesLength })
        {
            return Fail($"'notes' is at most {MaxNotesLength} characters.");
        }

        var draft = new SchemaDraft(
            type,
            Unit,
            Dimensions is null ? null : ImmutableArray.Create(Dimensions),
            RetentionDays,
            Notes,
            mode,
            MaxSeries,
            OverflowDimension,
            registering ? null : Deprecated,
            Force ?? false);
        return (draft, null);

        static (SchemaDraft?, string?) Fail(string message) => (null, message);
    }
}
