#!/usr/bin/env bash
# Benchmarks every public page type of the web UI against a generated database, each beside
# nginx serving the very same bytes as a static file (issue 14).
#
#   scripts/bench-web.sh [--municipalities N] [--years Y] [--db PATH_OR_URL] [--duration SECS]
#                        [--connections C] [--threads T] [--port PORT] [--bin PATH]
#                        [--pg URL [--pg-municipalities N]] [--no-fill] [--cold-only]
#                        [--pages NAME,NAME…] [--interleave ROUNDS]
#
# Generates the database with `hoshin gen` unless it already exists (default: N=100, Y=3 into
# target/bench/web-N-Y.db), finds one URL of each page type by following the pages' own links,
# then, with the release binary:
#   1. cold: `hoshin serve` with the page cache off (every request renders its page): wrk on
#      each page type — req/s, p50, p99;
#   2. warm: `hoshin serve` with the cache on: for each page type, the page is saved, nginx
#      serves those bytes as a static file, and wrk runs against both back to back (the method
#      of side-by-side.sh): req/s and p99 of each and the ratio hoshin/nginx;
#   3. memory: fills the cache (booklets and year pages of many organizations, until
#      hoshin_page_cache_bytes reaches the configured bound or the pages run out) and prints the
#      server's VmRSS and VmHWM.
# With --pg URL (an empty PostgreSQL database, generated with --pg-municipalities, default 50)
# the cold and warm runs are repeated on PostgreSQL. `--cold-only` skips the warm runs (and the
# fill); `--pages booklet,plan-tree` runs only those page types (names as printed). The cold run
# also asks for initiatives of random ids (`initiatives-random`: pages asked for the first time,
# as a crawler asks; non-2xx counts the ids that are not published). With --pg and
# `--interleave R` the PostgreSQL run is instead put beside SQLite page by page: both servers
# up at once (page cache off), each page type run on one then the other, R rounds, and the
# medians printed with their ratio — back to back, so a machine whose speed drifts between
# runs (a shared VM) moves both alike. wrk sends
# no Accept-Encoding, so both servers send the identity bytes. Needs wrk, nginx (apt-get install -y wrk nginx-light), curl
# and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

N=100
Y=3
DB=""
DURATION=5
CONNECTIONS=16
THREADS=2
PORT=18087
BIN=""
PG=""
PG_N=50
FILL=1
WARM=1
ONLY=""
ROUNDS=0
while [ $# -gt 0 ]; do
  case "$1" in
    --municipalities) N=$2; shift 2 ;;
    --years) Y=$2; shift 2 ;;
    --db) DB=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --bin) BIN=$2; shift 2 ;;
    --pg) PG=$2; shift 2 ;;
    --pg-municipalities) PG_N=$2; shift 2 ;;
    --no-fill) FILL=0; shift ;;
    --cold-only) WARM=0; shift ;;
    --pages) ONLY=$2; shift 2 ;;
    --interleave) ROUNDS=$2; shift 2 ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

for tool in wrk curl nginx python3; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install -y wrk nginx-light curl python3" >&2; exit 1; }
done

TARGET=${CARGO_TARGET_DIR:-target}
if [ -z "$BIN" ]; then
  cargo build --release -q -p hoshin-cli
  BIN="$TARGET/release/hoshin"
fi
DB_GIVEN=1
if [ -z "$DB" ]; then
  DB_GIVEN=0
  mkdir -p "$TARGET/bench"
  DB="$TARGET/bench/web-$N-$Y.db"
fi

WORK=$(mktemp -d /tmp/bench-web.XXXXXX)
# mktemp makes the directory 0700; nginx started by root serves with workers that are not root
# (nobody / www-data), which then cannot read the page and answer 403 to every request — fast
# error pages, not the page. So the directory is opened to them, and every nginx answer is
# checked below (its bytes equal to the page, no non-2xx under wrk).
chmod 755 "$WORK"
SERVER=""
OTHER_SERVER=""
NGINX=""
cleanup() {
  [ -n "$SERVER" ] && { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; }
  [ -n "$OTHER_SERVER" ] && { kill "$OTHER_SERVER" 2>/dev/null || true; wait "$OTHER_SERVER" 2>/dev/null || true; }
  [ -n "$NGINX" ] && { kill "$NGINX" 2>/dev/null || true; wait "$NGINX" 2>/dev/null || true; }
  rm -rf "$WORK"
}
trap cleanup EXIT

generate() { # URL MUNICIPALITIES
  case "$1" in
    postgres://*|postgresql://*)
      local orgs
      orgs=$(psql "$1" -Atc "SELECT COUNT(*) FROM organizations" 2>/dev/null || echo 0)
      if [ "${orgs:-0}" = 0 ]; then
        echo "== generating $2 municipalities × $Y years into PostgreSQL"
        "$BIN" gen --municipalities "$2" --years "$Y" --db "$1"
        # Autovacuum analyzes new tables only after a while; until then the planner works from
        # stale statistics (the home page read p99 46 ms instead of 9 ms right after gen).
        psql "$1" -qc ANALYZE
      else
        echo "== reusing PostgreSQL ($orgs organizations)"
      fi ;;
    *)
      local path=${1#sqlite://}
      if [ -f "$path" ]; then echo "== reusing $1"; else
        echo "== generating $2 municipalities × $Y years into $1"
        "$BIN" gen --municipalities "$2" --years "$Y" --db "$1"
      fi ;;
  esac
}

BASE="http://127.0.0.1:$PORT"
start_server() { # DB CACHE_ENABLED
  HOSHIN_CACHE_ENABLED=$2 HOSHIN_LOG=warn "$BIN" serve --db "$1" --addr "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 150); do
    curl -fs "$BASE/healthz" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "server did not start:" >&2; cat "$WORK/server.log" >&2; exit 1
}
stop_server() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; SERVER=""; }

first_link() { curl -fs "$BASE$1" | grep -oE "href=\"$2\"" | head -1 | sed -E 's/^href="(.*)"$/\1/'; }
last_link() { curl -fs "$BASE$1" | grep -oE "href=\"$2\"" | tail -1 | sed -E 's/^href="(.*)"$/\1/'; }

find_pages() {
  local ORG YEAR DEPT PLAN NODE INITIATIVE INDICATOR
  # A database with one home page has no page 2 (curl fails; that is not an error here).
  ORG=$(last_link "/?page=2" '/orgs/[0-9]+' || true)
  [ -n "$ORG" ] || ORG=$(last_link "/" '/orgs/[0-9]+')
  YEAR=$(first_link "$ORG" "$ORG/years/[0-9]+")
  DEPT=$(first_link "$YEAR" "$YEAR/departments/[0-9]+")
  PLAN=$(first_link "$ORG" '/plans/[0-9]+')
  NODE=$(last_link "$PLAN" '/nodes/[0-9]+')
  INITIATIVE=$(first_link "$DEPT" '/initiatives/[0-9]+')
  INDICATOR=$(first_link "$YEAR/indicators" '/indicators/[0-9]+')
  for v in ORG YEAR DEPT PLAN NODE INITIATIVE INDICATOR; do
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
  )
  if [ -n "$ONLY" ]; then
    local kept=() entry
    for entry in "${PAGES[@]}"; do
      case ",$ONLY," in *",${entry%%|*},"*) kept+=("$entry") ;; esac
    done
    PAGES=("${kept[@]}")
  fi
}

wrkrun() { # URL [WRK_ARGS…] → "rps p50 p99 non2xx"
  local url=$1; shift
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "$url" 2>&1 | awk '
    /Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$NF}
    END {printf "%s %s %s %s\n", rps, p50, p99, (bad==""?0:bad)}'
}

cold() { # DB LABEL
  start_server "$1" false
  find_pages
  echo "== cold ($2, page cache off: every request renders): wrk ${DURATION}s, $THREADS threads × $CONNECTIONS connections"
  printf '%-20s %10s %9s %9s %7s  %s\n' page req/s p50 p99 non-2xx url
  for entry in "${PAGES[@]}"; do
    local name=${entry%%|*} url=${entry#*|}
    read -r rps p50 p99 bad < <(wrkrun "$BASE$url")
    printf '%-20s %10s %9s %9s %7s  %s\n' "$name" "$rps" "$p50" "$p99" "$bad" "$url"
  done
  random_initiatives "$1"
  stop_server
}

# Initiative pages of random ids, each most likely asked for the first time (a crawler walking
# the site): none of their similar initiatives is known yet. Runs with every page type, or
# when `--pages` names `initiatives-random`.
random_initiatives() { # DB
  [ -z "$ONLY" ] || case ",$ONLY," in *,initiatives-random,*) ;; *) return 0 ;; esac
  local max
  case "$1" in
    postgres://*|postgresql://*) max=$(psql "$1" -Atc "SELECT MAX(id) FROM initiatives") ;;
    *) max=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT MAX(id) FROM initiatives").fetchone()[0])' "${1#sqlite://}") ;;
  esac
  cat >"$WORK/random.lua" <<LUA
math.randomseed(os.time())
request = function() return wrk.format("GET", "/initiatives/" .. math.random(1, $max)) end
LUA
  local rps p50 p99 bad
  read -r rps p50 p99 bad < <(wrkrun "$BASE" -s "$WORK/random.lua")
  printf '%-20s %10s %9s %9s %7s  %s\n' "initiatives-random" "$rps" "$p50" "$p99" "$bad" "/initiatives/{1..$max}"
}

NPORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
mkdir -p "$WORK/root"
cat >"$WORK/nginx.conf" <<CONF
worker_processes 2; daemon off; pid $WORK/nginx.pid; error_log $WORK/error.log;
events { worker_connections 1024; }
http { access_log off; default_type text/html; sendfile on; keepalive_requests 100000;
  server { listen 127.0.0.1:$NPORT; root $WORK/root; location / { try_files /page.html =404; } } }
CONF

nginx_failed() { # WHAT
  echo "error: nginx $1; its log:" >&2
  tail -3 "$WORK/error.log" >&2
  exit 1
}

warm() { # DB LABEL
  start_server "$1" true
  find_pages
  echo "== warm ($2, page cache on) beside nginx serving the same bytes: wrk ${DURATION}s, $THREADS threads × $CONNECTIONS connections"
  printf '%-20s %8s | %10s %9s | %10s %9s | %6s\n' page bytes hoshin_rps p99 nginx_rps p99 ratio
  for entry in "${PAGES[@]}"; do
    local name=${entry%%|*} url=${entry#*|}
    # A page sent `no-store` is not the one the cache will keep (an initiative whose similar
    # initiatives were still being read links to them instead): ask again until it is.
    local tries=0
    while :; do
      curl -sf -D "$WORK/headers" "$BASE$url" -o "$WORK/root/page.html" || { echo "$name: not 200"; continue 2; }
      grep -qi '^cache-control: *no-store' "$WORK/headers" || break
      tries=$((tries + 1)); [ "$tries" -lt 100 ] || { echo "$name: still no-store after 100 tries"; continue 2; }
      sleep 0.1
    done
    curl -sf "$BASE$url" -o /dev/null  # now a hit
    chmod 644 "$WORK/root/page.html"
    nginx -c "$WORK/nginx.conf" -p "$WORK" & NGINX=$!
    sleep 0.5
    curl -sf "http://127.0.0.1:$NPORT/" | cmp -s - "$WORK/root/page.html" || nginx_failed "does not serve the saved page"
    read -r hr _ hp99 hbad < <(wrkrun "$BASE$url")
    read -r nr _ np99 nbad < <(wrkrun "http://127.0.0.1:$NPORT/")
    kill "$NGINX"; wait "$NGINX" 2>/dev/null || true; NGINX=""
    [ "$nbad" = 0 ] || nginx_failed "answered $nbad non-2xx responses under wrk"
    printf '%-20s %8s | %10s %9s | %10s %9s | %6.3f%s\n' "$name" "$(stat -c %s "$WORK/root/page.html")" \
      "$hr" "$hp99" "$nr" "$np99" "$(python3 -c "print($hr/$nr)")" "$([ "$hbad" != 0 ] && echo " non-2xx:$hbad")"
  done
  if [ "$FILL" = 1 ]; then fill; fi
  stop_server
}

cache_bytes() { curl -fs "$BASE/metrics" | awk '$1 == "hoshin_page_cache_bytes" {printf "%d", $2}'; }

fill() {
  local max=$(( ${HOSHIN_CACHE_MAX_MB:-64} * 1024 * 1024 ))
  echo "== filling the cache (bound $((max / 1048576)) MB) with year pages, booklets and city comparisons"
  local page=1 pages=0 started=$SECONDS
  while :; do
    local orgs
    orgs=$(curl -fs "$BASE/?page=$page" | grep -oE 'href="/orgs/[0-9]+"' | sed -E 's/href="(.*)"/\1/' | sort -u || true)
    [ -n "$orgs" ] || break
    for o in $orgs; do
      for y in $(curl -fs "$BASE$o" | grep -oE "href=\"$o/years/[0-9]+\"" | sed -E 's/href="(.*)"/\1/' | sort -u || true); do
        printf '%s\n' "$BASE$y" "$BASE$y/booklet" "$BASE$y/compare" "$BASE$y/indicators"
      done
    done | xargs -P 4 -I{} curl -fs -o /dev/null {}
    pages=$((pages + 1)); page=$((page + 1))
    local held; held=$(cache_bytes || true); held=${held:-0}
    echo "   home page $pages done: cache ${held} bytes, $((SECONDS - started)) s"
    [ "$held" -ge $((max * 95 / 100)) ] && break
  done
  grep -E 'VmRSS|VmHWM|RssAnon|RssFile' "/proc/$SERVER/status" | tr -s ' \t' ' ' | sed 's/^/   server /'
}

generate "$DB" "$N"
# A database passed with --db is labelled by its path: its size is whatever it was generated with.
if [ "$DB_GIVEN" = 1 ]; then LABEL="SQLite, $DB"; else LABEL="SQLite, $N municipalities × $Y years"; fi
if [ "$ROUNDS" = 0 ] || [ -z "$PG" ]; then
  cold "$DB" "$LABEL"
  [ "$WARM" = 1 ] && warm "$DB" "$LABEL"
fi
# PostgreSQL beside SQLite page by page, ROUNDS rounds (see --interleave above).
interleaved() { # SQLITE_DB PG_URL
  local sqlite_server pg_server i r name
  start_server "$1" false; sqlite_server=$SERVER; OTHER_SERVER=$SERVER
  find_pages; local lite_pages=("${PAGES[@]}") lite_base=$BASE
  PORT=$((PORT + 1)); BASE="http://127.0.0.1:$PORT"
  start_server "$2" false; pg_server=$SERVER
  find_pages; local pg_pages=("${PAGES[@]}") pg_base=$BASE
  echo "== cold, PostgreSQL beside SQLite page by page ($PG_N municipalities × $Y years in PostgreSQL): wrk ${DURATION}s, $THREADS threads × $CONNECTIONS connections, $ROUNDS rounds, medians"
  printf '%-20s %12s %12s %7s %12s %12s\n' page sqlite_rps pg_rps ratio sqlite_p99 pg_p99
  for i in "${!lite_pages[@]}"; do
    name=${lite_pages[$i]%%|*}
    : >"$WORK/lite" ; : >"$WORK/pg"
    for r in $(seq 1 "$ROUNDS"); do
      wrkrun "$lite_base${lite_pages[$i]#*|}" >>"$WORK/lite"
      wrkrun "$pg_base${pg_pages[$i]#*|}" >>"$WORK/pg"
    done
    python3 - "$name" "$WORK/lite" "$WORK/pg" <<'PY'
import statistics, sys
def ms(v):
    for unit, f in (("us", 1e-3), ("ms", 1.0), ("s", 1e3)):
        if v.endswith(unit):
            return float(v[: -len(unit)]) * f
    return float(v)
def read(path):
    rows = [l.split() for l in open(path) if l.strip()]
    return statistics.median(float(r[0]) for r in rows), statistics.median(ms(r[2]) for r in rows)
lite, pg = read(sys.argv[2]), read(sys.argv[3])
print(f"{sys.argv[1]:<20} {lite[0]:12.0f} {pg[0]:12.0f} {lite[0] / pg[0]:6.2f}x {lite[1]:10.2f}ms {pg[1]:10.2f}ms")
PY
  done
  kill "$sqlite_server" "$pg_server" 2>/dev/null || true
  wait "$sqlite_server" "$pg_server" 2>/dev/null || true
  SERVER=""; OTHER_SERVER=""; PORT=$((PORT - 1)); BASE="http://127.0.0.1:$PORT"
}

if [ -n "$PG" ] && [ "$ROUNDS" -gt 0 ]; then
  generate "$PG" "$PG_N"
  interleaved "$DB" "$PG"
elif [ -n "$PG" ]; then
  generate "$PG" "$PG_N"
  FILL=0
  cold "$PG" "PostgreSQL, $PG_N municipalities × $Y years"
  [ "$WARM" = 1 ] && warm "$PG" "PostgreSQL, $PG_N municipalities × $Y years"
fi
exit 0
