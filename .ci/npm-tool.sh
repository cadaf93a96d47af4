#!/usr/bin/env bash
# Shared by the test tools that come from npm (azurite, smtp-server): installs <package>@<version> into
# .tools/<package> (gitignored) unless that exact version is there. Safe to run concurrently: two test
# projects may ask at once; one installs, the other waits on the lock. Source it, then call
#   npm_tool_install <package> <version>      (sets NPM_TOOL_DIR to the install folder)

npm_tool_install() {
  local package="$1" version="$2"
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  NPM_TOOL_DIR="$root/.tools/$package"
  npm_tool_installed "$package" "$version" && return 0
  mkdir -p "$NPM_TOOL_DIR"
  (
    flock 9
    if ! npm_tool_installed "$package" "$version"; then
      echo "Installing $package@$version into $NPM_TOOL_DIR" >&2
      npm install --prefix "$NPM_TOOL_DIR" --no-audit --no-fund --no-save --loglevel=error "$package@$version" >&2
    fi
  ) 9>"$NPM_TOOL_DIR/.install.lock"
}

npm_tool_installed() {
  grep -q "\"version\": \"$2\"" "$NPM_TOOL_DIR/node_modules/$1/package.json" 2>/dev/null
}
