#!/usr/bin/env bash
# Runs schemathesis (PyPI: `pip install schemathesis`, the `st` command; .ci/run installs the
# pinned version) against the JSON API of a fresh demo city: builds the CLI, serves the demo on
# a free local port from a temporary SQLite file, signs in as the demo's planning account
# (kikaku, its password from the demo's output) and makes a personal access token through
# /manage/account, then fuzzes every operation of /api/openapi.json with that token (the
# write endpoint too: coverage, fuzzing and stateful phases) and fails on any finding.
# Usage: scripts/api-fuzz.sh [extra st run options, e.g. --max-examples 100]
# API_FUZZ_EXAMPLES (default 30): examples per operation.
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
base="http://127.0.0.1:$port"
for _ in $(seq 1 300); do
  curl -fs -o /dev/null "$base/api/openapi.json" && break
  sleep 0.2
done
curl -fs -o /dev/null "$base/api/openapi.json" || { echo "error: the demo did not start:" >&2; cat "$dir/serve.log" >&2; exit 1; }

# A token of the planning account, made through the staff pages like a person would.
password=$(sed -n 's/^ *kikaku *password \([^ ]*\).*/\1/p' "$dir/serve.log" | head -1)
[ -n "$password" ] || { echo "error: no password for kikaku in the demo's output" >&2; cat "$dir/serve.log" >&2; exit 1; }
jar="$dir/cookies"
csrf() { sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1; }
form=$(curl -fs -c "$jar" -b "$jar" "$base/login")
curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "login=kikaku" --data-urlencode "password=$password" \
  --data-urlencode "_csrf=$(printf '%s' "$form" | csrf)" "$base/login"
page=$(curl -fs -c "$jar" -b "$jar" "$base/manage/account")
made=$(curl -fs -c "$jar" -b "$jar" --data-urlencode "name=schemathesis" --data-urlencode "expires=30" \
  --data-urlencode "_csrf=$(printf '%s' "$page" | csrf)" "$base/manage/account/tokens")
token=$(printf '%s' "$made" | grep -o 'hoshin_pat_[A-Za-z0-9_-]\{43\}' | head -1)
[ -n "$token" ] || { echo "error: could not make an access token through /manage/account" >&2; exit 1; }

st run "$base/api/openapi.json" --url "$base" --header "Authorization: Bearer $token" \
  --max-examples "${API_FUZZ_EXAMPLES:-30}" "$@"
