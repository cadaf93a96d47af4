#!/usr/bin/env bash
# The npm package smtp-server (pinned below) for the email channel's tests: installed into
# .tools/smtp-server (gitignored) on first use; only node and npm are needed. The test fixture
# (tests/Grains.Tests/Notifications/SmtpReceiver.cs) calls "install" and starts its own server.
#
#   .ci/smtp-server.sh install     install if missing (safe to run concurrently)
#   .ci/smtp-server.sh dir         print the directory holding node_modules
set -euo pipefail

VERSION=3.21.6
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools/smtp-server"

installed() {
  grep -q "\"version\": \"$VERSION\"" "$tools/node_modules/smtp-server/package.json" 2>/dev/null
}

install() {
  if installed; then return 0; fi
  mkdir -p "$tools"
  (
    flock 9
    if ! installed; then
      echo "Installing smtp-server@$VERSION into $tools" >&2
      npm install --prefix "$tools" --no-audit --no-fund --no-save --loglevel=error "smtp-server@$VERSION" >&2
    fi
  ) 9>"$tools/.install.lock"
}

case "${1:-}" in
  install) install ;;
  dir) install; echo "$tools" ;;
  *) echo "usage: $0 install|dir" >&2; exit 2 ;;
esac
