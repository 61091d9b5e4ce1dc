#!/usr/bin/env bash
# Runs schemathesis (PyPI: `pip install schemathesis`, the `st` command) against the JSON API of
# a fresh demo city: builds the CLI, serves the demo on a free local port from a temporary
# SQLite file, fuzzes every operation of /api/openapi.json (coverage, fuzzing and stateful
# phases) and fails on any finding. Not part of .ci/run yet (issue 11 item 6).
# Usage: scripts/api-fuzz.sh [extra st run options, e.g. --max-examples 100]
set -euo pipefail
cd "$(dirname "$0")/.."

command -v st >/dev/null 2>&1 || { echo "error: schemathesis is needed: pip install schemathesis" >&2; exit 1; }
cargo build -q -p hoshin-cli
target="${CARGO_TARGET_DIR:-target}"
dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
HOSHIN_DB="sqlite://$dir/demo.db" HOSHIN_ADDR="127.0.0.1:$port" "$target/debug/hoshin" demo >"$dir/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do
  curl -fs -o /dev/null "http://127.0.0.1:$port/api/openapi.json" && break
  sleep 0.2
done
st run "http://127.0.0.1:$port/api/openapi.json" --url "http://127.0.0.1:$port" --max-examples 30 "$@"
