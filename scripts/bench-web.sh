#!/usr/bin/env bash
# Benchmarks every page type of the web UI against a generated database.
#
#   scripts/bench-web.sh [--municipalities N] [--years Y] [--db PATH_OR_URL] [--duration SECS]
#                        [--connections C] [--port PORT] [--bin PATH]
#
# Generates the database with `hoshin gen` unless it already exists (default: N=100, Y=3 into
# target/bench/web-N-Y.db), starts `hoshin serve` on a loopback port, finds one URL of each
# page type by following the pages' own links (so it works on either backend), runs wrk on each
# for the given time, prints req/s and p50/p99 latency per page type, and stops the server.
# Uses the release binary (built with cargo when --bin is not given). Needs wrk
# (apt-get install -y wrk) and curl.
set -euo pipefail
cd "$(dirname "$0")/.."

N=100
Y=3
DB=""
DURATION=5
CONNECTIONS=8
PORT=18087
BIN=""
while [ $# -gt 0 ]; do
  case "$1" in
    --municipalities) N=$2; shift 2 ;;
    --years) Y=$2; shift 2 ;;
    --db) DB=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --bin) BIN=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

for tool in wrk curl; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install -y $tool" >&2; exit 1; }
done

TARGET=${CARGO_TARGET_DIR:-target}
if [ -z "$BIN" ]; then
  cargo build --release -q -p hoshin-cli
  BIN="$TARGET/release/hoshin"
fi
if [ -z "$DB" ]; then
  mkdir -p "$TARGET/bench"
  DB="$TARGET/bench/web-$N-$Y.db"
fi

case "$DB" in
  postgres://*|postgresql://*) exists=1 ;;  # generate into PostgreSQL yourself first
  *) path=${DB#sqlite://}; if [ -f "$path" ]; then exists=1; else exists=0; fi ;;
esac
if [ "$exists" = 0 ]; then
  echo "== generating $N municipalities × $Y years into $DB"
  "$BIN" gen --municipalities "$N" --years "$Y" --db "$DB"
else
  echo "== reusing $DB"
fi

BASE="http://127.0.0.1:$PORT"
LOG=$(mktemp)
"$BIN" serve --db "$DB" --addr "127.0.0.1:$PORT" >"$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 1 100); do
  curl -fs "$BASE/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fs "$BASE/healthz" >/dev/null || { echo "server did not start:" >&2; cat "$LOG" >&2; exit 1; }

# The first link on $1 matching the extended regex $2 (a path).
first_link() {
  curl -fs "$BASE$1" | grep -oE "href=\"$2\"" | head -1 | sed -E 's/^href="(.*)"$/\1/'
}
last_link() {
  curl -fs "$BASE$1" | grep -oE "href=\"$2\"" | tail -1 | sed -E 's/^href="(.*)"$/\1/'
}

# An organization from the middle of the list (page 2 of the home page when there is one).
ORG=$(last_link "/?page=2" '/orgs/[0-9]+')
[ -n "$ORG" ] || ORG=$(last_link "/" '/orgs/[0-9]+')
YEAR=$(first_link "$ORG" "$ORG/years/[0-9]+")
DEPT=$(first_link "$YEAR" "$YEAR/departments/[0-9]+")
PLAN=$(first_link "$ORG" '/plans/[0-9]+')
NODE=$(last_link "$PLAN" '/nodes/[0-9]+')
INITIATIVE=$(first_link "$DEPT" '/initiatives/[0-9]+')
INDICATOR=$(first_link "$YEAR/indicators" '/indicators/[0-9]+')
THEME=$(first_link "/search" '/search\?q=[^"]+' | sed 's/&amp;/&/g')
for v in ORG YEAR DEPT PLAN NODE INITIATIVE INDICATOR THEME; do
  [ -n "${!v}" ] || { echo "could not find a $v link; is the database populated?" >&2; exit 1; }
done

PAGES=(
  "home|/"
  "organization|$ORG"
  "org-year|$YEAR"
  "department-policy|$DEPT"
  "booklet|$YEAR/booklet"
  "goals-review|$DEPT/review"
  "compare-department|$DEPT/compare"
  "compare-city|$YEAR/compare"
  "indicators|$YEAR/indicators"
  "indicator|$INDICATOR"
  "plan-tree|$PLAN"
  "plan-node|$NODE"
  "initiative|$INITIATIVE"
  "search-theme|$THEME"
  "search-text|/search?q=%E9%98%B2%E7%81%BD"
)

echo "== $BASE  db=$DB  wrk: ${DURATION}s, $CONNECTIONS connections, 2 threads"
printf '%-20s %10s %10s %10s %8s  %s\n' "page" "req/s" "p50" "p99" "non-2xx" "url"
for entry in "${PAGES[@]}"; do
  name=${entry%%|*}
  url=${entry#*|}
  code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE$url")
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$BASE$url" 2>&1)
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  bad=$(awk -F: '/Non-2xx/ {gsub(/ /, "", $2); print $2}' <<<"$out")
  [ "$code" = 200 ] || bad="first=$code"
  printf '%-20s %10s %10s %10s %8s  %s\n' "$name" "${rps:-?}" "${p50:-?}" "${p99:-?}" "${bad:-0}" "$url"
done
