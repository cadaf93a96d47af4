#!/usr/bin/env bash
# Alert latency of the peer, Prometheus + Alertmanager (Debian packages), side by side with bench/AlertLatency.
# Figure: ms from the moment a scraped gauge changes (to a breaching value, and back) until Alertmanager's webhook
# arrives at a local receiver (harness.py, which is also the exporter and drives the probes).
#
# Usage: bash bench/prometheus-alerts/run.sh [aggressive|defaults|both]       (default: both)
# Knobs (environment):
#   PROBES=20            probes in the aggressive configuration
#   DEFAULTS_PROBES=3    probes in the defaults configuration (capped by DEFAULTS_BUDGET)
#   DEFAULTS_BUDGET=540  seconds; the defaults run starts no probe that would likely end past it
#
# The Debian services are never started: the binaries run directly, on free loopback ports, with configs and data
# in a temp dir, and are killed on exit. Alertmanager runs with clustering off (no gossip settle delay).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODE="${1:-both}"
PROBES="${PROBES:-20}"
DEFAULTS_PROBES="${DEFAULTS_PROBES:-3}"
DEFAULTS_BUDGET="${DEFAULTS_BUDGET:-540}"

# --- 1. Packages -------------------------------------------------------------------------------------------------
install_packages() {
  local missing=()
  command -v prometheus >/dev/null || missing+=(prometheus)
  command -v prometheus-alertmanager >/dev/null || missing+=(prometheus-alertmanager)
  [ ${#missing[@]} -eq 0 ] && return
  echo "installing ${missing[*]} ..."
  # Keep the packages' maintainer scripts from starting the system services: policy-rc.d exit 101 = "not allowed".
  # (Docker images usually ship one already; add a temporary one only if there is none.)
  local temp_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    temp_policy=1
  fi
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; then
    apt-get update >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
  fi
  [ -n "$temp_policy" ] && rm -f /usr/sbin/policy-rc.d
  return 0
}
install_packages

# --- Processes we start, and their cleanup --------------------------------------------------------------------------
WORK="$(mktemp -d /tmp/prometheus-alerts.XXXXXX)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_ports() {  # N distinct free loopback ports
  python3 - "$1" <<'EOF'
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks: s.close()
EOF
}

wait_ready() {  # url what: poll until 200 (30 s)
  for _ in $(seq 150); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "$2 did not become ready at $1" >&2
  return 1
}

# --- One configuration -------------------------------------------------------------------------------------------
# run_config NAME SCRAPE EVAL SCRAPE_TIMEOUT GROUP_WAIT GROUP_INTERVAL REPEAT PROBES TIMEOUT MAX_GAP BUDGET [harness flags]
run_config() {
  local name=$1 scrape=$2 eval=$3 scrape_timeout=$4 group_wait=$5 group_interval=$6 repeat=$7
  local probes=$8 timeout=$9 max_gap=${10} budget=${11}
  shift 11
  local dir="$WORK/$name"
  mkdir -p "$dir/prom-data" "$dir/am-data"
  read -r harness_port prom_port am_port < <(free_ports 3)

  cat > "$dir/rules.yml" <<EOF
groups:
  - name: inventory
    rules:
      - alert: InventoryNegative
        expr: inventory_available < 0
        for: 0s
        labels:
          severity: critical
EOF
  cat > "$dir/prometheus.yml" <<EOF
global:
  scrape_interval: $scrape
  scrape_timeout: $scrape_timeout
  evaluation_interval: $eval
rule_files:
  - $dir/rules.yml
alerting:
  alertmanagers:
    - static_configs:
        - targets: ['127.0.0.1:$am_port']
scrape_configs:
  - job_name: harness
    static_configs:
      - targets: ['127.0.0.1:$harness_port']
EOF
  cat > "$dir/alertmanager.yml" <<EOF
route:
  receiver: harness
  group_by: ['alertname']
  group_wait: $group_wait
  group_interval: $group_interval
  repeat_interval: $repeat
receivers:
  - name: harness
    webhook_configs:
      - url: http://127.0.0.1:$harness_port/hook
        send_resolved: true
EOF

  echo
  echo "=== $name: scrape_interval=$scrape evaluation_interval=$eval for=0s |" \
       "group_wait=$group_wait group_interval=$group_interval repeat_interval=$repeat send_resolved=true"

  prometheus-alertmanager --config.file="$dir/alertmanager.yml" --storage.path="$dir/am-data" \
    --web.listen-address="127.0.0.1:$am_port" --cluster.listen-address= --log.level=warn \
    > "$dir/alertmanager.log" 2>&1 &
  local am_pid=$!
  PIDS+=("$am_pid")
  prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/prom-data" \
    --web.listen-address="127.0.0.1:$prom_port" --log.level=warn \
    > "$dir/prometheus.log" 2>&1 &
  local prom_pid=$!
  PIDS+=("$prom_pid")
  wait_ready "http://127.0.0.1:$am_port/-/ready" alertmanager || { tail -20 "$dir/alertmanager.log"; return 1; }
  wait_ready "http://127.0.0.1:$prom_port/-/ready" prometheus || { tail -20 "$dir/prometheus.log"; return 1; }

  # The harness does the rest of the readiness checks (healthy value scraped, rule evaluated, Alertmanager found).
  local rc=0
  python3 "$HERE/harness.py" --port "$harness_port" \
    --prometheus "http://127.0.0.1:$prom_port" --alertmanager "http://127.0.0.1:$am_port" \
    --probes "$probes" --timeout "$timeout" --max-gap "$max_gap" --budget "$budget" "$@" || rc=$?
  if [ $rc -ne 0 ]; then
    echo "--- prometheus.log"; tail -20 "$dir/prometheus.log"
    echo "--- alertmanager.log"; tail -20 "$dir/alertmanager.log"
  fi

  kill "$prom_pid" "$am_pid" 2>/dev/null || true
  wait "$prom_pid" "$am_pid" 2>/dev/null || true
  return $rc
}

# --- 4. Versions ---------------------------------------------------------------------------------------------------
echo "$(prometheus --version 2>&1 | head -1)"
echo "$(prometheus-alertmanager --version 2>&1 | head -1)"
echo "python $(python3 -c 'import platform; print(platform.python_version())'), $(nproc) cores"

status=0
# --- 3a. Aggressive: everything at 1 s, no group wait. ------------------------------------------------------------
if [ "$MODE" = aggressive ] || [ "$MODE" = both ]; then
  run_config aggressive 1s 1s 1s 0s 1s 24h "$PROBES" 30 1 0 || status=1
fi

# --- 3b. "Defaults": the 15 s scrape/evaluation many installs use (Prometheus' built-in default is 1m for both) and
# Alertmanager's default group_wait 30s, group_interval 5m, repeat_interval 4h. Each probe waits for Alertmanager to
# drop the emptied group first, so each firing is a new group's first notification (group_wait applies); a probe
# then takes about group_wait + group_interval + up to 30 s, so the budget usually admits one probe.
if [ "$MODE" = defaults ] || [ "$MODE" = both ]; then
  run_config defaults 15s 15s 10s 30s 5m 4h "$DEFAULTS_PROBES" 420 15 "$DEFAULTS_BUDGET" --fresh-group || status=1
  cat <<'EOF'
expected from the configuration (defaults): firing = scrape phase (0-15 s) + evaluation phase (0-15 s) + group_wait 30 s
  = 30-60 s for a new group; an alert joining a group that already exists waits for the group's next group_interval
  tick instead (up to 5 min). resolved = detection (0-30 s) then the group's next group_interval tick: up to 5 min
  after the last notification of the group, i.e. about 5 min when the value recovers right after the firing webhook.
EOF
fi
exit $status
