#!/usr/bin/env python3
"""Exporter + Alertmanager webhook receiver + probe driver for the Prometheus side of issue #5's alert latency.

One HTTP server (stdlib only) on 127.0.0.1:<port> serves
  GET  /metrics  a gauge inventory_available{sku="probe",location_id="probe"} whose value the probes flip, and
  POST /hook     Alertmanager's webhook (send_resolved: true); each arrival is stamped on time.monotonic().
For each probe: set the gauge to -1 (breaks `inventory_available < 0`), note the time, wait for the firing webhook;
then set it to 5, note the time, wait for the resolved webhook. The figure is "ms from the change to the webhook",
the peer of bench/AlertLatency's "ms from the 202 to the webhook" (there, the 202 is the moment the change is
accepted; here, the moment the scraped value changes). The probes do not align to Prometheus' scrape or evaluation
ticks: a random gap before each change spreads the changes over the cycle, as real changes are.

Run by run.sh, which starts Prometheus and Alertmanager pointed at this port; see --help for the knobs.
"""
import argparse
import json
import math
import random
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LABELS = 'sku="probe",location_id="probe"'
ALERT = "InventoryNegative"

state_lock = threading.Condition()
gauge_value = 5.0  # starts healthy
arrivals = []  # (monotonic seconds, alert status "firing"/"resolved") for alerts on sku=probe, in arrival order


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path.split("?")[0] != "/metrics":
            return self._reply(404, b"not found\n")
        with state_lock:
            value = gauge_value
        body = (
            "# HELP inventory_available Units available (probe series flipped by the alert latency bench).\n"
            "# TYPE inventory_available gauge\n"
            f"inventory_available{{{LABELS}}} {value:g}\n"
        ).encode()
        self._reply(200, body, "text/plain; version=0.0.4")

    def do_POST(self):
        at = time.monotonic()  # stamp before reading the body: the notification has arrived
        length = int(self.headers.get("Content-Length") or 0)
        payload = json.loads(self.rfile.read(length) or b"{}")
        if self.path != "/hook":
            return self._reply(404, b"not found\n")
        with state_lock:
            for alert in payload.get("alerts", []):
                if alert.get("labels", {}).get("sku") == "probe":
                    arrivals.append((at, alert.get("status")))
            state_lock.notify_all()
        self._reply(200, b"ok\n")

    def _reply(self, code, body, content_type="text/plain"):
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep stdout for the figures
        pass


def set_gauge(value):
    """Flip the scraped value; returns the moment of the change."""
    global gauge_value
    with state_lock:
        gauge_value = value
        return time.monotonic()


def wait_arrival(kind, since, timeout):
    """The arrival time of the first `kind` notification for the probe received at or after `since`, else None."""
    deadline = time.monotonic() + timeout
    with state_lock:
        while True:
            for at, status in arrivals:
                if at >= since and status == kind:
                    return at
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            state_lock.wait(remaining)


def get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read().decode()


def poll(what, check, timeout, interval=0.2):
    """Poll check() until it returns truthy; fail loudly after timeout seconds."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except Exception as error:  # not up yet
            last_error = error
        time.sleep(interval)
    sys.exit(f"timed out after {timeout}s waiting for {what} (last error: {last_error})")


def prometheus_ready(prom):
    """Prometheus is up, has scraped the healthy value, evaluated the rule, and found Alertmanager; no alert active."""
    poll("Prometheus /-/ready", lambda: get(prom + "/-/ready")[0] == 200, 60)

    def query(q):
        return json.loads(get(prom + "/api/v1/query?" + urllib.parse.urlencode({"query": q}))[1])["data"]["result"]

    poll("a scrape of the healthy value", lambda: any(r["value"][1] == "5" for r in query(f"inventory_available{{{LABELS}}}")), 180)

    def rule_evaluated():
        groups = json.loads(get(prom + "/api/v1/rules")[1])["data"]["groups"]
        rules = [r for g in groups for r in g["rules"] if r.get("name") == ALERT]
        return rules and rules[0]["health"] == "ok" and not rules[0]["lastEvaluation"].startswith("0001")

    poll("the rule's first evaluation", rule_evaluated, 180)
    poll("Prometheus to discover Alertmanager",
         lambda: json.loads(get(prom + "/api/v1/alertmanagers")[1])["data"]["activeAlertmanagers"], 60)
    poll("no active alert", lambda: not query(f'ALERTS{{alertname="{ALERT}"}}'), 180)


def aggregation_groups(am):
    """Alertmanager's count of aggregation groups (None when the metric is not exported)."""
    for line in get(am + "/metrics")[1].splitlines():
        if line.startswith("alertmanager_dispatcher_aggregation_groups "):
            return float(line.split()[1])
    return None


def summary(values):
    """Same shape and quantile rule as bench/AlertLatency: the ceil(q*n)-th smallest."""
    if not values:
        return "no samples"
    s = sorted(values)

    def at(q):
        return s[min(len(s) - 1, math.ceil(q * len(s)) - 1)]

    return f"ms from change to webhook: p50={at(0.50):.1f} p90={at(0.90):.1f} p99={at(0.99):.1f} max={s[-1]:.1f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True, help="port for /metrics and /hook on 127.0.0.1")
    parser.add_argument("--prometheus", required=True, help="Prometheus base URL (readiness checks only)")
    parser.add_argument("--alertmanager", required=True, help="Alertmanager base URL (readiness checks only)")
    parser.add_argument("--probes", type=int, default=20)
    parser.add_argument("--max-gap", type=float, default=1.0,
                        help="random gap in [0.2, max-gap] s before each change; use the evaluation interval")
    parser.add_argument("--timeout", type=float, default=60, help="seconds to wait for one webhook before counting it missing")
    parser.add_argument("--budget", type=float, default=0,
                        help="seconds; if > 0, start no new probe that would likely end past it (judged by the slowest probe so far)")
    parser.add_argument("--fresh-group", action="store_true",
                        help="before each probe wait until Alertmanager has dropped the emptied aggregation group "
                             "(it does so every 30 s), so each firing is a new group's first notification")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    random.seed(args.seed)

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()

    poll("Alertmanager /-/ready", lambda: get(args.alertmanager + "/-/ready")[0] == 200, 60)
    prometheus_ready(args.prometheus)
    print(f"ready; {args.probes} probes", flush=True)

    fire, resolve, missing = [], [], 0
    started = time.monotonic()
    slowest = 0.0
    for probe in range(args.probes):
        if args.budget > 0 and probe > 0 and time.monotonic() - started + slowest > args.budget:
            print(f"stopped after {probe} probe(s): another would likely end past the {args.budget:.0f} s budget", flush=True)
            break
        probe_start = time.monotonic()
        if args.fresh_group:
            if aggregation_groups(args.alertmanager) is None:
                time.sleep(31)  # metric missing: outwait one maintenance pass
            else:
                poll("Alertmanager to drop the empty aggregation group",
                     lambda: aggregation_groups(args.alertmanager) == 0, 90, interval=0.5)
        line = [f"probe {probe + 1:>2}:"]
        for value, kind, into in ((-1.0, "firing", fire), (5.0, "resolved", resolve)):
            time.sleep(random.uniform(0.2, max(0.2, args.max_gap)))
            changed = set_gauge(value)
            arrived = wait_arrival(kind, changed, args.timeout)
            if arrived is None:
                missing += 1
                line.append(f"{kind} MISSING after {args.timeout:.0f} s")
            else:
                into.append((arrived - changed) * 1000)
                line.append(f"{kind} {into[-1]:8.1f} ms")
        print("  ".join(line), flush=True)
        slowest = max(slowest, time.monotonic() - probe_start)

    print(f"firing:   n={len(fire)} {summary(fire)}")
    print(f"resolved: n={len(resolve)} {summary(resolve)}")
    print(f"all:      n={len(fire) + len(resolve)} {summary(fire + resolve)} missing={missing}", flush=True)
    server.shutdown()
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
