using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Telemetry.Notifications;

/// <summary>
/// Posts signed JSON webhooks through the <see cref="OutboundAddressGuard"/>, never following redirects, and retries
/// 5xx, 429, timeouts and connection errors with exponential backoff and jitter (a 429's <c>Retry-After</c> is
/// honoured). Shared by alert channels and stream webhooks.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    public const string DeliveryIdHeader = "X-Telemetry-Delivery-Id";
    public const string AttemptHeader = "X-Telemetry-Attempt";
    public const string UserAgent = "Telemetry-Webhooks/1.0";

    private readonly HttpClient _client;
    private readonly OutboundOptions _options;
    private readonly TimeProvider _time;

    public WebhookSender(OutboundAddressGuard guard, IOptions<OutboundOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        // Per-attempt timeouts come from the options and the TimeProvider, not from HttpClient's wall clock.
        _client = new HttpClient(guard.CreateHandler()) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    /// <summary>Delivers <paramref name="message"/>, retrying as configured; the result lists every attempt.</summary>
    public async Task<DeliveryResult> SendAsync(WebhookMessage message, CancellationToken cancellationToken)
    {
        var attempts = new List<DeliveryAttempt>();
        DeliveryResult Result(DeliveryOutcome outcome) => new(message.DeliveryId, message.Target.ToString(), outcome, [.. attempts]);

        try
        {
            OutboundAddressGuard.CheckScheme(message.Target);
        }
        catch (OutboundAddressRefusedException e)
        {
            attempts.Add(new DeliveryAttempt(1, _time.GetUtcNow(), TimeSpan.Zero, null, e.Message, null));
            return Result(DeliveryOutcome.Refused);
        }

        var maxAttempts = Math.Max(1, _options.MaxAttempts);
        for (var number = 1; ; number++)
        {
            var (attempt, verdict, retryAfter) = await AttemptAsync(message, number, cancellationToken);
            if (verdict != Verdict.Retry)
            {
                attempts.Add(attempt);
                return Result(verdict == Verdict.Delivered ? DeliveryOutcome.Delivered
                    : verdict == Verdict.Refused ? DeliveryOutcome.Refused
                    : DeliveryOutcome.Rejected);
            }

            if (number >= maxAttempts)
            {
                attempts.Add(attempt);
                return Result(DeliveryOutcome.GaveUp);
            }

            if (retryAfter > _options.MaxBackoff)
            {
                attempts.Add(attempt with { Error = $"{attempt.Error}; Retry-After {retryAfter} is longer than MaxBackoff {_options.MaxBackoff}" });
                return Result(DeliveryOutcome.GaveUp);
            }

            var delay = retryAfter ?? Backoff(number, _options, Random.Shared.NextDouble());
            attempts.Add(attempt with { NextDelay = delay });
            await Task.Delay(delay, _time, cancellationToken);
        }
    }

    /// <summary>
    /// The wait after failed attempt <paramref name="attempt"/>: <c>InitialBackoff × 2^(attempt-1)</c> capped at
    /// <c>MaxBackoff</c>, of which the upper half is random ("equal jitter") so many failed deliveries do not retry in step.
    /// </summary>
    internal static TimeSpan Backoff(int attempt, OutboundOptions options, double random)
    {
        var exponential = options.InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, options.MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped / 2 + capped / 2 * random);
    }

    public void Dispose() => _client.Dispose();

    private async Task<(DeliveryAttempt Attempt, Verdict Verdict, TimeSpan? RetryAfter)> AttemptAsync(
        WebhookMessage message, int number, CancellationToken cancellationToken)
    {
        var startedAt = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        DeliveryAttempt Attempt(int? status, string? error) => new(number, startedAt, _time.GetElapsedTime(started), status, error, null);

        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, message.Target)
            {
                Content = new ReadOnlyMemoryContent(message.Body)
                {
                    Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } },
                },
            };
            request.Headers.UserAgent.ParseAdd(UserAgent);
            request.Headers.Add(DeliveryIdHeader, message.DeliveryId);
            request.Headers.Add(AttemptHeader, number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            // Signed per attempt, so a late retry still falls inside the receiver's tolerance.
            request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Create(message.Secret, _time.GetUtcNow(), message.Body.Span));

            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return (Attempt(status, null), Verdict.Delivered, null);
            }

            var error = $"HTTP {status} {response.ReasonPhrase}".TrimEnd();
            if (status == (int)HttpStatusCode.TooManyRequests || status >= 500)
            {
                return (Attempt(status, error), Verdict.Retry, status == 429 ? RetryAfter(response) : null);
            }

            if (status is >= 300 and < 400)
            {
                error += $" (redirects are not followed; Location: {response.Headers.Location})";
            }

            return (Attempt(status, error), Verdict.Rejected, null);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (Attempt(null, $"timed out after {_options.Timeout}"), Verdict.Retry, null);
        }
        catch (HttpRequestException e) when (Refusal(e) is { } refused)
        {
            return (Attempt(null, refused.Message), Verdict.Refused, null);
        }
        catch (HttpRequestException e)
        {
            var error = e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;
            return (Attempt(null, error), Verdict.Retry, null);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static OutboundAddressRefusedException? Refusal(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is OutboundAddressRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }

    private enum Verdict
    {
        Delivered,
        Retry,
        Rejected,
        Refused,
    }
}
