using System.Net.Sockets;
using System.Text;

namespace Telemetry.Api.Tests.Http;

/// <summary>
/// HTTP/1.1 over a bare socket, for bodies the server refuses before it has read them: HttpClient fails with a
/// broken pipe when the server answers early, while this keeps reading the answer whatever happens to the upload.
/// </summary>
public static class RawHttp
{
    /// <summary>The status line, headers and body of the response, as text.</summary>
    public sealed record Response(int Status, string Head, string Body);

    public static async Task<Response> PostAsync(Uri baseAddress, string path, IEnumerable<(string Name, string Value)> headers, Stream body, long? contentLength)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(baseAddress.Host, baseAddress.Port);
        var stream = client.GetStream();
        var head = new StringBuilder($"POST {path} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        head.Append(contentLength is { } length ? $"Content-Length: {length}\r\n" : "Transfer-Encoding: chunked\r\n").Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));

        var upload = Task.Run(async () =>
        {
            try
            {
                var buffer = new byte[64 * 1024];
                int read;
                while ((read = await body.ReadAsync(buffer)) > 0)
                {
                    if (contentLength is null)
                    {
                        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{read:x}\r\n"));
                        await stream.WriteAsync(buffer.AsMemory(0, read));
                        await stream.WriteAsync("\r\n"u8.ToArray());
                    }
                    else
                    {
                        await stream.WriteAsync(buffer.AsMemory(0, read));
                    }
                }

                if (contentLength is null)
                {
                    await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
                }
            }
            catch (IOException)
            {
                // The server answered and stopped reading: expected for a refused body.
            }
        });

        var received = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int n;
            while ((n = await stream.ReadAsync(chunk)) > 0)
            {
                received.Write(chunk, 0, n);
            }
        }
        catch (IOException) when (received.Length > 0)
        {
            // A reset after the answer arrived.
        }

        await upload.WaitAsync(TimeSpan.FromSeconds(30));
        var text = Encoding.UTF8.GetString(received.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headText = split < 0 ? text : text[..split];
        var status = int.Parse(headText.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var bodyText = split < 0 ? "" : text[(split + 4)..];
        if (headText.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            bodyText = Dechunk(bodyText);
        }

        return new Response(status, headText, bodyText);
    }

    private static string Dechunk(string text)
    {
        var result = new StringBuilder();
        var at = 0;
        while (at < text.Length)
        {
            var lineEnd = text.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(text[at..lineEnd].Split(';')[0], 16);
            if (size == 0)
            {
                break;
            }

            result.Append(text, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }

        return result.ToString();
    }
}
