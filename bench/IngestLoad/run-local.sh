#!/usr/bin/env bash
# Starts a fresh Release silo (Local provider, its own data directory and ports), runs IngestLoad against it with
# the silo's process id (so the server's CPU time per sample is printed), then stops the silo.
# Usage: bench/IngestLoad/run-local.sh [requests=500] [concurrency=4] [ndjson|array] [series=10000]
# Build first: dotnet build -c Release src/Silo && dotnet build -c Release bench/IngestLoad
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
requests=${1:-500}; concurrency=${2:-4}; body=${3:-ndjson}; series=${4:-10000}
port=${BENCH_PORT:-5391}
data=$(mktemp -d /tmp/ingest-bench.XXXXXX)
key=bench-$RANDOM$RANDOM

cd "$root/src/Silo/bin/Release/net10.0"
Telemetry__Auth__BootstrapKey=$key Telemetry__Storage__DataPath=$data Urls=http://127.0.0.1:$port \
  Telemetry__Cluster__SiloPort=$((port + 6000)) Telemetry__Cluster__GatewayPort=$((port + 25000)) \
  Logging__LogLevel__Default=Warning dotnet Telemetry.Silo.dll > "$data/silo.log" 2>&1 &
silo=$!
trap 'kill $silo 2>/dev/null; wait $silo 2>/dev/null; rm -rf "$data"' EXIT

for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/v1/telemetry/health" > /dev/null 2>&1 && break
  sleep 0.3
done

uptime
dotnet "$root/bench/IngestLoad/bin/Release/net10.0/Telemetry.Bench.IngestLoad.dll" \
  "http://127.0.0.1:$port" "$key" "$series" "$requests" "$concurrency" "$silo" "$body"
