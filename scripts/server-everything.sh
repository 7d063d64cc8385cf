#!/usr/bin/env bash
# Installs the reference MCP server @modelcontextprotocol/server-everything (pinned; it runs on Node.js 20) from the npm
# registry into a cache outside the work tree, for the scan tests against a second, independent MCP server
# (proxy: ServerEverythingScanTest). Idempotent: a no-op when that version is installed. Prints the entry point.
set -euo pipefail
VERSION=2026.8.31
CACHE="${TOOLGATE_SERVER_EVERYTHING_CACHE:-$HOME/.cache/toolgate/server-everything}"
ENTRY="$CACHE/node_modules/@modelcontextprotocol/server-everything/dist/index.js"
if [ -f "$ENTRY" ] && grep -q "\"version\": \"$VERSION\"" "$CACHE/node_modules/@modelcontextprotocol/server-everything/package.json"; then
  echo "$ENTRY"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -q && apt-get install -y -q nodejs npm >&2
  else
    echo "server-everything.sh: npm is missing; install Node.js 20 and npm" >&2
    exit 1
  fi
fi
mkdir -p "$CACHE"
[ -f "$CACHE/package.json" ] || echo '{"private":true}' > "$CACHE/package.json"
(cd "$CACHE" && npm install --no-audit --no-fund --silent "@modelcontextprotocol/server-everything@$VERSION" >&2)
echo "$ENTRY"
