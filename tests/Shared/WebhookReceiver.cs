using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Telemetry.Testing;

/// <summary>A request the <see cref="WebhookReceiver"/> got, with when it arrived (on a monotonic clock).</summary>
public sealed record ReceivedRequest(string Method, string Path, WebHeaderCollection Headers, byte[] Body);

/// <summary>
/// A real HTTP server (HttpListener) on 127.0.0.1 and a free port. <c>respond</c> gets the request's index (0 for the
/// first) and sets the response; it may also wait, to play a receiver that hangs.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<int, HttpListenerResponse, CancellationToken, Task> _respond;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private int _count;

    private WebhookReceiver(Func<int, HttpListenerResponse, CancellationToken, Task> respond, bool anyHostName)
    {
        _respond = respond;
        for (var tries = 0; ; tries++)
        {
            Port = FreePort();
            // HttpListener answers 404 itself when the Host header is not a prefix's; "+" accepts any name (and binds every interface).
            _listener.Prefixes.Add(anyHostName ? $"http://+:{Port}/" : $"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (tries < 5)
            {
                _listener.Prefixes.Clear();
            }
        }

        _loop = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/hook");

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public static WebhookReceiver Start(Func<int, HttpListenerResponse, CancellationToken, Task> respond, bool anyHostName = false) =>
        new(respond, anyHostName);

    /// <summary>Answers each request with the status at its index (the last one for any later request).</summary>
    public static WebhookReceiver Answering(params int[] statuses) => new(Statuses(statuses), anyHostName: false);

    /// <summary>Like <see cref="Answering"/>, for requests whose Host header is a name other than 127.0.0.1.</summary>
    public static WebhookReceiver AnsweringAnyHostName(params int[] statuses) => new(Statuses(statuses), anyHostName: true);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
            // Closing the listener ends GetContextAsync.
        }

        _stopping.Dispose();
    }

    private static Func<int, HttpListenerResponse, CancellationToken, Task> Statuses(int[] statuses) => (index, response, _) =>
    {
        response.StatusCode = statuses[Math.Min(index, statuses.Length - 1)];
        return Task.CompletedTask;
    };

    internal static int FreePort() => Telemetry.Testing.Ports.Free();

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var context = await _listener.GetContextAsync();
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var index = Interlocked.Increment(ref _count) - 1;
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        var headers = new WebHeaderCollection { context.Request.Headers };
        Requests.Enqueue(new ReceivedRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, headers, body.ToArray()));
        try
        {
            await _respond(index, context.Response, _stopping.Token);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // The sender gave up on this request (timeout) or the test is over.
        }
    }
}
