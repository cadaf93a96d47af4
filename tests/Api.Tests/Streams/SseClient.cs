using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Xunit;

namespace Telemetry.Api.Tests.Http.Streams;

/// <summary>
/// A Server-Sent Events client on <c>GET /ws/connect</c>: parses the stream in the background into messages that
/// tests wait for with a generous timeout (never a timing assert).
/// </summary>
public sealed class SseClient : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly HttpResponseMessage _response;
    private readonly Channel<SseMessage> _messages = Channel.CreateUnbounded<SseMessage>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _reading;

    private SseClient(HttpResponseMessage response)
    {
        _response = response;
        _reading = Task.Run(ReadAsync);
    }

    /// <summary>The response headers.</summary>
    public System.Net.Http.Headers.HttpResponseHeaders Headers => _response.Headers;

    /// <summary>Connects; asserts 200 and an event-stream answer.</summary>
    public static async Task<SseClient> ConnectAsync(HttpClient client, string url, string? apiKey = null, string? tenant = null, string? lastEventId = null)
    {
        var response = await SendAsync(client, url, apiKey, tenant, lastEventId);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var body = await response.Content.ReadAsStringAsync();
            response.Dispose();
            Assert.Fail($"Expected 200 but got {(int)response.StatusCode}: {body}");
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseClient(response);
    }

    /// <summary>The raw answer to a connect request (for error cases).</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, string url, string? apiKey = null, string? tenant = null, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        if (tenant is not null)
        {
            request.Headers.Add("X-Tenant-ID", tenant);
        }

        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>The next message with event name <paramref name="eventName"/> (others are skipped); fails after 30 s or at the end of the stream.</summary>
    public async Task<SseMessage> NextAsync(string eventName)
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            while (await _messages.Reader.WaitToReadAsync(timeout.Token))
            {
                while (_messages.Reader.TryRead(out var message))
                {
                    if (message.Event == eventName)
                    {
                        return message;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"No '{eventName}' event within {Patience}.");
        }

        Assert.Fail($"The stream ended without a '{eventName}' event.");
        return null!;
    }

    /// <summary>Every message until the server closes the stream (fails after 30 s).</summary>
    public async Task<List<SseMessage>> ReadToEndAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var all = new List<SseMessage>();
        await foreach (var message in _messages.Reader.ReadAllAsync(timeout.Token))
        {
            all.Add(message);
        }

        return all;
    }

    /// <summary>The messages received so far, without waiting.</summary>
    public List<SseMessage> Received()
    {
        var all = new List<SseMessage>();
        while (_messages.Reader.TryRead(out var message))
        {
            all.Add(message);
        }

        return all;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _response.Dispose();
        try
        {
            await _reading;
        }
        catch (Exception)
        {
            // The connection was torn down.
        }

        _stopping.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            using var stream = await _response.Content.ReadAsStreamAsync(_stopping.Token);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            string? id = null, name = null;
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(_stopping.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Length > 0)
                    {
                        await _messages.Writer.WriteAsync(new SseMessage(id, name ?? "message", data.ToString()));
                    }

                    (id, name) = (null, null);
                    data.Clear();
                }
                else if (line.StartsWith(':'))
                {
                    await _messages.Writer.WriteAsync(new SseMessage(null, "comment", "", line[1..].Trim()));
                }
                else if (line.StartsWith("id:", StringComparison.Ordinal))
                {
                    id = line[3..].Trim();
                }
                else if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    name = line[6..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Append(line[5..].TrimStart());
                }
            }
        }
        finally
        {
            _messages.Writer.TryComplete();
        }
    }
}
