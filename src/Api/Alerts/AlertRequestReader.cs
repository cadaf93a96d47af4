using System.Collections.Immutable;
using System.Net.Mail;
using System.Text.Json;
using System.Text.Json.Nodes;
using Telemetry.Alerts;
using Telemetry.Api.Wire;
using Telemetry.Series;

namespace Telemetry.Api.Alerts;

/// <summary>
/// Reads an alert rule body (<c>POST /alerts</c>, or a stored rule merged with a <c>PATCH</c>) into an
/// <see cref="AlertDraft"/>, or says exactly which field is wrong. The body:
/// <c>{"name","condition":{"metric","op","threshold","duration","recovery_threshold","group_by","group_aggregation",
/// "filters","no_data"},"severity","channels":[{"type":"webhook","url","secret"}|{"type":"email","target"}],
/// "mute_window","runbook_url"}</c>.
/// </summary>
public static class AlertRequestReader
{
    private const int MaxNameLength = 200;
    private const int MaxSecretLength = 256;
    private const int MaxUrlLength = 2048;

    /// <summary>Reads <paramref name="body"/>; <paramref name="keptChannels"/> stand in when it has no <c>channels</c> (a PATCH that leaves them).</summary>
    public static AlertDraft Read(JsonObject body, AlertOptions options, ImmutableArray<AlertChannel>? keptChannels = null)
    {
        var name = RequiredString(body, "name", MaxNameLength);
        if (body["condition"] is not JsonObject condition)
        {
            throw new AlertRequestException("'condition' is required: an object with metric, op, threshold and optionally duration, group_by, filters.");
        }

        var metric = RequiredString(condition, "metric", MetricName.DefaultMaxLength);
        if (!MetricName.IsValid(metric))
        {
            throw new AlertRequestException($"'condition.metric' '{metric}' is not a valid metric name.");
        }

        var opText = RequiredString(condition, "op", 2);
        if (!ComparisonOperatorText.TryParse(opText, out var op))
        {
            throw new AlertRequestException($"'condition.op' must be one of {string.Join(", ", ComparisonOperatorText.Texts)}.");
        }

        var threshold = Number(condition, "threshold") ?? throw new AlertRequestException("'condition.threshold' is required: a number.");
        var duration = Duration(condition, "duration", options, allowZero: true) ?? TimeSpan.Zero;
        var recovery = Number(condition, "recovery_threshold");
        if (recovery is { } r && !RecoversOnTheRightSide(op, threshold, r))
        {
            throw new AlertRequestException(
                $"'condition.recovery_threshold' {r} must lie on the healthy side of the threshold {threshold} for op '{opText}' "
                + "(for < and <= at least the threshold, for > and >= at most).");
        }

        var groupBy = Keys(condition, "group_by");
        var aggregation = Aggregation(condition);
        var filters = Filters(condition);
        var noData = Duration(condition, "no_data", options, allowZero: false);
        var severity = Severity(body);
        var mute = Duration(body, "mute_window", options, allowZero: true);
        var runbook = Url(body, "runbook_url", required: false);
        var channels = body.ContainsKey("channels") || keptChannels is null ? Channels(body, options) : keptChannels.Value;

        var rule = new AlertRule(
            Id: "", TenantId: "", Name: name, Metric: metric, Operator: op, Threshold: threshold, Duration: duration,
            RecoveryThreshold: recovery, GroupBy: groupBy, GroupAggregation: aggregation, Filters: filters, NoData: noData,
            Severity: severity, MuteWindow: mute is { } m && m > TimeSpan.Zero ? m : null, RunbookUrl: runbook, Version: 0);
        return new AlertDraft(rule, channels);
    }

    private static bool RecoversOnTheRightSide(ComparisonOperator op, double threshold, double recovery) => op switch
    {
        ComparisonOperator.LessThan or ComparisonOperator.LessThanOrEqual => recovery >= threshold,
        ComparisonOperator.GreaterThan or ComparisonOperator.GreaterThanOrEqual => recovery <= threshold,
        _ => true,
    };

    private static string RequiredString(JsonObject owner, string name, int maxLength) =>
        OptionalString(owner, name, maxLength) is { Length: > 0 } text
            ? text
            : throw new AlertRequestException($"'{name}' is required: a non-empty string of at most {maxLength} characters.");

    private static string? OptionalString(JsonObject owner, string name, int maxLength)
    {
        var node = owner[name];
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            throw new AlertRequestException($"'{name}' must be a string.");
        }

        var text = node.GetValue<string>().Trim();
        return text.Length > maxLength ? throw new AlertRequestException($"'{name}' is longer than {maxLength} characters.") : text;
    }

    private static double? Number(JsonObject owner, string name)
    {
        var node = owner[name];
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.Number || !double.IsFinite(node.GetValue<double>()))
        {
            throw new AlertRequestException($"'{name}' must be a finite number.");
        }

        return node.GetValue<double>();
    }

    private static TimeSpan? Duration(JsonObject owner, string name, AlertOptions options, bool allowZero)
    {
        var text = OptionalString(owner, name, 64);
        if (text is null)
        {
            return null;
        }

        if (!TimeSpanText.TryParse(text, out var value) || value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero) || value > options.MaxDuration)
        {
            throw new AlertRequestException(
                $"'{name}' must be a {(allowZero ? "non-negative" : "positive")} duration up to {TimeSpanText.Format(options.MaxDuration)}, such as '5m', '1h' or 'PT30M'.");
        }

        return value;
    }

    private static ImmutableArray<string> Keys(JsonObject owner, string name)
    {
        if (owner[name] is not { } node)
        {
            return [];
        }

        if (node is not JsonArray array || array.Any(k => k is null || k.GetValueKind() != JsonValueKind.String || !DimensionKey.IsValid(k.GetValue<string>())))
        {
            throw new AlertRequestException($"'{name}' must be a list of dimension keys.");
        }

        return [.. array.Select(k => k!.GetValue<string>()).Distinct(StringComparer.Ordinal)];
    }

    private static GroupAggregation? Aggregation(JsonObject condition)
    {
        var text = OptionalString(condition, "group_aggregation", 8);
        return text switch
        {
            null => null,
            "sum" => GroupAggregation.Sum,
            "avg" => GroupAggregation.Avg,
            "min" => GroupAggregation.Min,
            "max" => GroupAggregation.Max,
            _ => throw new AlertRequestException("'group_aggregation' must be one of sum, avg, min, max."),
        };
    }

    private static ImmutableArray<DimensionFilter> Filters(JsonObject condition)
    {
        if (condition["filters"] is not { } node)
        {
            return [];
        }

        if (node is not JsonObject filters)
        {
            throw new AlertRequestException("'filters' must be an object mapping a dimension key to a value or a list of values.");
        }

        var result = ImmutableArray.CreateBuilder<DimensionFilter>();
        foreach (var (key, value) in filters)
        {
            if (!DimensionKey.IsValid(key))
            {
                throw new AlertRequestException($"'filters' key '{key}' is not a valid dimension key.");
            }

            ImmutableArray<string> values = value switch
            {
                JsonValue single when single.GetValueKind() == JsonValueKind.String => [single.GetValue<string>()],
                JsonArray list when list.Count > 0 && list.All(v => v?.GetValueKind() == JsonValueKind.String) => [.. list.Select(v => v!.GetValue<string>())],
                _ => throw new AlertRequestException($"'filters.{key}' must be a string or a non-empty list of strings."),
            };
            result.Add(new DimensionFilter(key, values));
        }

        return result.ToImmutable();
    }

    private static AlertSeverity Severity(JsonObject body) => OptionalString(body, "severity", 16) switch
    {
        null or "warning" => AlertSeverity.Warning,
        "info" => AlertSeverity.Info,
        "critical" => AlertSeverity.Critical,
        _ => throw new AlertRequestException("'severity' must be one of info, warning, critical."),
    };

    private static string? Url(JsonObject owner, string name, bool required)
    {
        var text = OptionalString(owner, name, MaxUrlLength);
        if (text is null)
        {
            return required ? throw new AlertRequestException($"'{name}' is required: an absolute http or https URL.") : null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new AlertRequestException($"'{name}' must be an absolute http or https URL.");
        }

        return text;
    }

    private static ImmutableArray<AlertChannel> Channels(JsonObject body, AlertOptions options)
    {
        if (body["channels"] is not JsonArray list || list.Count == 0)
        {
            throw new AlertRequestException("'channels' is required: a non-empty list of {\"type\":\"webhook\",\"url\",\"secret\"} or {\"type\":\"email\",\"target\"}.");
        }

        if (list.Count > options.MaxChannelsPerRule)
        {
            throw new AlertRequestException($"A rule has at most {options.MaxChannelsPerRule} channels.", limit: true);
        }

        return [.. list.Select(Channel)];
    }

    private static AlertChannel Channel(JsonNode? node)
    {
        if (node is not JsonObject channel)
        {
            throw new AlertRequestException("Each channel must be an object with a 'type'.");
        }

        switch (OptionalString(channel, "type", 16))
        {
            case "webhook":
                var url = Url(channel, "url", required: true)!;
                var secret = OptionalString(channel, "secret", MaxSecretLength);
                if (secret is not { Length: >= 16 })
                {
                    throw new AlertRequestException($"A webhook channel needs a 'secret' of 16 to {MaxSecretLength} characters; deliveries are signed with it.");
                }

                return AlertChannel.Webhook(url, secret);

            case "email":
                return AlertChannel.Email(Recipients(channel["target"]));

            case "kafka" or "slack" or "pagerduty" or "sms":
                throw new AlertRequestException($"Channel type '{channel["type"]}' is not supported; use webhook or email.", unsupported: true);

            default:
                throw new AlertRequestException("A channel's 'type' must be webhook or email.");
        }
    }

    private static string[] Recipients(JsonNode? target)
    {
        string[] addresses = target switch
        {
            JsonValue one when one.GetValueKind() == JsonValueKind.String => one.GetValue<string>().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            JsonArray many when many.All(v => v?.GetValueKind() == JsonValueKind.String) => [.. many.Select(v => v!.GetValue<string>().Trim())],
            _ => [],
        };
        if (addresses.Length is 0 or > 20 || addresses.Any(a => !MailAddress.TryCreate(a, out _)))
        {
            throw new AlertRequestException("An email channel's 'target' must be an email address, or a list of 1 to 20 of them.");
        }

        return addresses;
    }
}
