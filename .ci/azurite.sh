#!/usr/bin/env bash
# Azurite, the Azure Storage emulator (npm package azurite, pinned below), for the Azure provider's
# development and tests. It is installed into .tools/azurite (gitignored) on first use; only node and npm
# are needed. The test fixture (tests/Shared/Azurite.cs) calls "install" and then starts and stops its
# own instances on free ports.
#
#   .ci/azurite.sh install              install if missing (safe to run concurrently)
#   .ci/azurite.sh start [DIR]          start on the default ports 10000-10002, data under DIR
#                                       (default ./data/azurite), in the background; prints the pid
#   .ci/azurite.sh stop PID             stop it (SIGINT, then SIGKILL after 10 s) and wait until it exits
#   .ci/azurite.sh bin                  print the path of the azurite executable
set -euo pipefail

VERSION=3.37.0
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools/azurite"
bin="$tools/node_modules/.bin/azurite"

# shellcheck source=npm-tool.sh
source "$(dirname "$0")/npm-tool.sh"

install() {
  npm_tool_install azurite "$VERSION"
  [ -x "$bin" ]
}

case "${1:-}" in
  install)
    install
    ;;
  bin)
    install
    echo "$bin"
    ;;
  start)
    install
    dir="${2:-$root/data/azurite}"
    mkdir -p "$dir"
    # The Azure SDK's API version is newer than Azurite 3.37.0 knows; the check must be skipped.
    nohup "$bin" --skipApiVersionCheck --disableTelemetry --silent --location "$dir" \
      --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 >"$dir/azurite.out" 2>&1 &
    echo $!
    ;;
  stop)
    pid="${2:?usage: $0 stop PID}"
    kill -INT "$pid" 2>/dev/null || exit 0
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    ;;
  *)
    sed -n '2,14p' "$0" >&2
    exit 2
    ;;
esac
