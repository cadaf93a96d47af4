namespace Telemetry.Api.Streaming;

/// <summary>
/// The page served at <c>GET /v1/telemetry/ws/viewer?stream_id=...&amp;token=...</c>: it subscribes with the browser's
/// <c>EventSource</c> and a connect token, and lists each event. The same code is the copy-paste snippet in docs/streams.md.
/// </summary>
public static class StreamViewerPage
{
    public const string Html = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Telemetry live stream</title></head>
        <body>
        <h1>Live stream <code id="stream"></code></h1>
        <p>Status: <span id="status" data-state="connecting">connecting</span></p>
        <ol id="events"></ol>
        <script>
        const params = new URLSearchParams(location.search);
        const url = new URL("connect", location.href); // /v1/telemetry/ws/connect beside this page
        url.searchParams.set("stream_id", params.get("stream_id"));
        url.searchParams.set("token", params.get("token"));
        document.getElementById("stream").textContent = params.get("stream_id");
        const status = document.getElementById("status");
        const setStatus = (state) => { status.dataset.state = state; status.textContent = state; };
        const source = new EventSource(url);
        source.onopen = () => setStatus("open");
        source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? "closed" : "reconnecting");
        const show = (message) => {
          const event = JSON.parse(message.data);
          const item = document.createElement("li");
          item.className = "event";
          item.dataset.type = event.type;
          item.dataset.id = event.id;
          item.dataset.json = message.data;
          const dims = Object.entries(event.dimensions).map(([k, v]) => `${k}=${v}`).join(", ");
          item.textContent = `${event.type}: ${event.metric} {${dims}} = ${event.value} at ${event.timestamp}`
            + (event.matched.condition ? ` (${event.matched.condition} ${event.matched.threshold})` : "");
          document.getElementById("events").append(item);
        };
        source.addEventListener("match", show);
        source.addEventListener("test", show);
        source.addEventListener("closed", (message) => setStatus("cut: " + JSON.parse(message.data).code));
        </script>
        </body>
        </html>
        """;
}
