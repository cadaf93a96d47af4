#!/usr/bin/env bash
# The npm package smtp-server (pinned below) for the email channel's tests: installed into
# .tools/smtp-server (gitignored) on first use; only node and npm are needed. The test fixture
# (tests/Grains.Tests/Notifications/SmtpReceiver.cs) calls "install" and starts its own server.
#
#   .ci/smtp-server.sh install     install if missing (safe to run concurrently)
#   .ci/smtp-server.sh dir         print the directory holding node_modules
set -euo pipefail

VERSION=3.21.6
# shellcheck source=npm-tool.sh
source "$(dirname "$0")/npm-tool.sh"

install() {
  npm_tool_install smtp-server "$VERSION"
  tools="$NPM_TOOL_DIR"
}

case "${1:-}" in
  install) install ;;
  dir) install; echo "$tools" ;;
  *) echo "usage: $0 install|dir" >&2; exit 2 ;;
esac
