#!/usr/bin/env bash
# The headless browser for the streams browser test (tests/Api.Tests/Streams/BrowserTests.cs):
# Debian's chromium (installed with apt-get when /usr/bin/chromium is missing; CI runs as root) and the
# npm package playwright-core (pinned below, installed into .tools/playwright-core, gitignored) that
# drives it. playwright-core never downloads a browser of its own: it launches /usr/bin/chromium.
#
#   .ci/browser.sh install     install both if missing (safe to run concurrently)
#   .ci/browser.sh dir         install, then print the directory holding node_modules
#   .ci/browser.sh chromium    install, then print the chromium executable
set -euo pipefail

VERSION=1.65.1
CHROMIUM=/usr/bin/chromium
# shellcheck source=npm-tool.sh
source "$(dirname "$0")/npm-tool.sh"

install_chromium() {
  [ -x "$CHROMIUM" ] && return 0
  (
    flock 9
    if [ ! -x "$CHROMIUM" ]; then
      echo "Installing Debian chromium with apt-get" >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >&2
      apt-get install -y -qq --no-install-recommends chromium >&2
    fi
  ) 9>/tmp/telemetry-chromium-install.lock
  [ -x "$CHROMIUM" ] || { echo "chromium is still missing after apt-get install" >&2; exit 1; }
}

install() {
  install_chromium
  npm_tool_install playwright-core "$VERSION"
  tools="$NPM_TOOL_DIR"
}

case "${1:-}" in
  install) install ;;
  dir) install; echo "$tools" ;;
  chromium) install; echo "$CHROMIUM" ;;
  *) sed -n '2,10p' "$0" >&2; exit 2 ;;
esac
