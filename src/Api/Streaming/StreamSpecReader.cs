using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Telemetry.Api.Problems;
using Telemetry.Alerts;
using Telemetry.Series;
using Telemetry.Streams;

namespace Telemetry.Api.Streaming;

/// <summary>
/// Turns a <see cref="StreamRequest"/> into a <see cref="StreamSpec"/>, on create (from nothing) or on PATCH (over the
/// stored spec: each top-level field given replaces the stored one). Bad input is a 400 with a stable code; a transport
/// that is not supported (kafka, ...) is a 422 <c>unsupported_transport</c>.
/// </summary>
public static class StreamSpecReader
{
    public const int MaxNameLength = 100;
    public const int MaxDimensionKeys = 20;
    public const int MaxValuesPerKey = 100;
    public const int MaxKeyLength = 128;
    public const int MaxValueLength = 256;
    public const int MaxUrlLength = 2048;
    public const int MaxSecretLength = 256;

    /// <summary>The spec, the webhook secret to show (when generated or set now), or the problem.</summary>
    public static (StreamSpec? Spec, string? ShownSecret, ProblemHttpResult? Problem) Read(StreamRequest request, StreamSpec? stored)
    {
        var name = stored?.Name;
        if (request.Name is not null || stored is null)
        {
            if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > MaxNameLength)
            {
                return Fail(Problem.BadRequest("invalid_stream", $"'name' is required, 1-{MaxNameLength} characters."));
            }

            name = request.Name.Trim();
        }

        var filter = stored?.Filter;
        if (request.Filter is not null || stored is null)
        {
            var (parsed, problem) = ReadFilter(request.Filter);
            if (problem is not null)
            {
                return Fail(problem);
            }

            filter = parsed;
        }

        var transport = stored?.Transport ?? StreamTransport.Sse;
        if (request.Transport is not null || stored is null)
        {
            if (request.Transport is null)
            {
                return Fail(Problem.BadRequest("invalid_transport", $"'transport' is required: {string.Join(", ", StreamTransports.Supported)}."));
            }

            if (!StreamTransports.TryParse(request.Transport, out transport))
            {
                return Fail(Problem.Create(
                    422,
                    "unsupported_transport",
                    $"Transport '{request.Transport}' is not supported; supported transports are {string.Join(", ", StreamTransports.Supported)} (see GET /v1/telemetry/capabilities).",
                    new Dictionary<string, object?> { ["supported_transports"] = StreamTransports.Supported }));
            }
        }

        var emit = stored?.Emit ?? StreamEmit.Every;
        if (request.Emit is not null)
        {
            switch (request.Emit.Trim().ToLowerInvariant())
            {
                case "every":
                    emit = StreamEmit.Every;
                    break;
                case "crossing":
                    emit = StreamEmit.Crossing;
                    break;
                default:
                    return Fail(Problem.BadRequest("invalid_emit", "'emit' must be 'every' (each matching sample) or 'crossing' (when the condition starts or stops holding)."));
            }
        }

        if (emit == StreamEmit.Crossing && filter!.Condition is null)
        {
            return Fail(Problem.BadRequest("invalid_emit", "'emit': 'crossing' needs a 'condition' and 'threshold' in the filter."));
        }

        StreamWebhook? webhook = null;
        string? shownSecret = null;
        if (transport == StreamTransport.Webhook)
        {
            if (request.Delivery is null && stored?.Webhook is null)
            {
                return Fail(Problem.BadRequest("invalid_delivery", "A webhook stream needs 'delivery': {\"url\": \"https://...\", \"secret\": \"...\"}."));
            }

            webhook = stored?.Webhook;
            if (request.Delivery is { } delivery)
            {
                var url = delivery.Url ?? webhook?.Url;
                if (url is null || url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                {
                    return Fail(Problem.BadRequest("invalid_delivery", $"'delivery.url' must be an absolute http or https URL of at most {MaxUrlLength} characters."));
                }

                if (delivery.Secret is { } secret && (secret.Length == 0 || secret.Length > MaxSecretLength))
                {
                    return Fail(Problem.BadRequest("invalid_delivery", $"'delivery.secret' must be 1-{MaxSecretLength} characters (omit it to have one generated)."));
                }

                shownSecret = delivery.Secret ?? (webhook is null ? "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)) : null);
                webhook = new StreamWebhook(url, shownSecret ?? webhook!.Secret);
            }
        }
        else if (request.Delivery is not null)
        {
            return Fail(Problem.BadRequest("invalid_delivery", "'delivery' is only for transport 'webhook'."));
        }

        return (new StreamSpec(name!, filter!, transport, emit, webhook), shownSecret, null);

        static (StreamSpec?, string?, ProblemHttpResult?) Fail(ProblemHttpResult problem) => (null, null, problem);
    }

    private static (StreamFilter? Filter, ProblemHttpResult? Problem) ReadFilter(StreamFilterRequest? filter)
    {
        if (filter is null || !MetricName.IsValid(filter.Metric))
        {
            return (null, Invalid("'filter.metric' is required: a metric name such as 'inventory.on_hand'."));
        }

        ComparisonOperator? condition = null;
        if (filter.Condition is not null)
        {
            if (!StreamConditionText.TryParse(filter.Condition, out var op))
            {
                return (null, Invalid($"'filter.condition' must be one of {StreamConditionText.Accepted}."));
            }

            condition = op;
        }

        if ((condition is null) != (filter.Threshold is null))
        {
            return (null, Invalid("'filter.condition' and 'filter.threshold' go together: give both or neither."));
        }

        if (filter.Threshold is { } threshold && !double.IsFinite(threshold))
        {
            return (null, Invalid("'filter.threshold' must be a finite number."));
        }

        var dimensions = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        if (filter.Dimensions is { } given)
        {
            if (given.Count > MaxDimensionKeys)
            {
                return (null, Invalid($"'filter.dimensions' may name at most {MaxDimensionKeys} keys."));
            }

            foreach (var (key, element) in given)
            {
                if (key.Length is 0 or > MaxKeyLength)
                {
                    return (null, Invalid($"Dimension keys are 1-{MaxKeyLength} characters."));
                }

                var values = element.ValueKind switch
                {
                    JsonValueKind.String => [element.GetString()!],
                    JsonValueKind.Array when element.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String) =>
                        element.EnumerateArray().Select(v => v.GetString()!).Distinct(StringComparer.Ordinal).ToArray(),
                    _ => null,
                };
                if (values is null || values.Length is 0 or > MaxValuesPerKey || values.Any(v => v.Length is 0 or > MaxValueLength))
                {
                    return (null, Invalid($"'filter.dimensions.{key}' must be a string or a list of 1-{MaxValuesPerKey} strings, each 1-{MaxValueLength} characters."));
                }

                dimensions[key] = [.. values];
            }
        }

        return (new StreamFilter(filter.Metric!, condition, filter.Threshold, dimensions.ToImmutable()), null);

        static ProblemHttpResult Invalid(string detail) => Problem.BadRequest("invalid_filter", detail);
    }
}
