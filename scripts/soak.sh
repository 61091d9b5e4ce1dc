#!/usr/bin/env bash
# Soak test (not part of CI): serves the demo city and runs mixed reads and writes against it
# for a while (default 10 minutes), takes one online backup in the middle, then stops the
# server with SIGTERM. Prints requests, errors, latency percentiles, and the server's memory
# (RSS) at the start, the end and the peak, so a leak or a slowdown shows. On SQLite the
# backup taken under load is restored and verified at the end.
#
#   scripts/soak.sh [--duration SECONDS] [--readers N] [--writers N] [--db URL] [--debug]
#
# Readers fetch public pages and staff pages in a loop; each writer signs in as its own
# planning account, opens a revision of its own department's 2025 policy and repeats: add an
# initiative, read its form, edit it, delete it (four requests, three writes, each one
# transaction with its audit row). Any answer other than the expected one counts as an error.
# Default database: a new SQLite file in a temp directory (--db postgres://… for PostgreSQL;
# it must be empty). Release build unless --debug.
set -euo pipefail
cd "$(dirname "$0")/.."

duration=600 readers=4 writers=2 db="" profile=release
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --readers) readers="$2"; shift 2 ;;
    --writers) writers="$2"; shift 2 ;;
    --db) db="$2"; shift 2 ;;
    --debug) profile=debug; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d -t hoshin-soak-XXXXXX)
[ -n "$db" ] || db="sqlite://$work/soak.db"
if [ "$profile" = release ]; then cargo build --release -q -p hoshin-cli; else cargo build -q -p hoshin-cli; fi
bin="${CARGO_TARGET_DIR:-target}/$profile/hoshin"
password="soak-test-password-2026"

echo "== soak: ${duration}s, $readers readers, $writers writers, $profile build, db $db, work dir $work"
"$bin" demo --db "$db" --no-serve >/dev/null
# The first top-level departments (部), one per writer.
mapfile -t depts < <("$bin" department list --db "$db" --org サンプル市 |
  awk -v n="$writers" '$1 ~ /^[0-9]+$/ && $2 != "└" { if (c < n) print $1; c++ }')
for w in $(seq 1 "$writers"); do
  echo "$password" | "$bin" user add --db "$db" --org サンプル市 --login "soak$w" --name "負荷 試験$w" \
    --role planning --password-stdin >/dev/null
done

HOSHIN_LOG=warn "$bin" serve --db "$db" --addr 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.log" &
server=$!
for _ in $(seq 1 100); do grep -q "http://" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
base=$(grep -o 'http://[0-9.:]*' "$work/serve.out" | head -1)
[ -n "$base" ] || { echo "the server did not start:"; cat "$work/serve.log"; exit 1; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status" 2>/dev/null || echo 0; }

# Warm up, then measure the starting memory.
for p in / /orgs/1 /orgs/1/years/2025 /orgs/1/years/2025/booklet /search; do curl -s -o /dev/null "$base$p"; done
rss_start=$(rss)
end=$(( $(date +%s) + duration ))

reader() {
  local n=$1 out="$work/reader$1.tsv" i=0
  local pages=(/ /orgs/1 /orgs/1/years/2025 /orgs/1/years/2025/booklet /orgs/1/years/2025/indicators
    /orgs/1/years/2025/compare /search /search?q=%E5%AD%90%E8%82%B2%E3%81%A6 "/search?q=%E9%98%B2%E7%81%BD&in=text"
    /plans/1 /nodes/1 /initiatives/1 /initiatives/5 /indicators/1 /healthz)
  while [ "$(date +%s)" -lt "$end" ]; do
    local p=${pages[$(( (i + n) % ${#pages[@]} ))]}
    curl -s -o /dev/null -w "read\t%{http_code}\t%{time_total}\t$p\n" "$base$p" >>"$out" || printf 'read\t000\t0\t%s\n' "$p" >>"$out"
    i=$((i + 1))
  done
}

writer() {
  local w=$1 dept=$2 out="$work/writer$1.tsv" jar="$work/jar$1" i=0
  local page csrf loc id ver code
  page=$(curl -s -c "$jar" "$base/login")
  csrf=$(grep -o 'name="_csrf" value="[^"]*"' <<<"$page" | head -1 | sed 's/.*value="//; s/"$//')
  curl -s -o /dev/null -b "$jar" -c "$jar" --data-urlencode "_csrf=$csrf" --data-urlencode "login=soak$w" \
    --data-urlencode "password=$password" "$base/login"
  page=$(curl -s -b "$jar" "$base/manage")
  csrf=$(grep -o 'name="_csrf" value="[^"]*"' <<<"$page" | head -1 | sed 's/.*value="//; s/"$//')
  curl -s -o /dev/null -b "$jar" --data-urlencode "_csrf=$csrf" "$base/manage/2025/departments/$dept/revise"
  page=$(curl -s -b "$jar" "$base/manage/2025/departments/$dept")
  local rev
  rev=$(grep -o '/manage/revisions/[0-9]*/stance' <<<"$page" | head -1 | grep -o '[0-9]*')
  [ -n "$rev" ] || { printf 'setup\t000\t0\tno revision for department %s\n' "$dept" >>"$out"; return; }
  local post=(curl -s -o /dev/null -b "$jar" -w "%{http_code}\t%{time_total}\t%{redirect_url}\n")
  while [ "$(date +%s)" -lt "$end" ]; do
    i=$((i + 1))
    IFS=$'\t' read -r code t loc < <("${post[@]}" --data-urlencode "_csrf=$csrf" \
      --data-urlencode "name=負荷試験の取組 $w-$i" --data-urlencode "summary=耐久試験で追加した取組です。" \
      "$base/manage/revisions/$rev/initiatives")
    printf 'add\t%s\t%s\n' "$code" "$t" >>"$out"
    id=$(grep -o 'i-[0-9]*' <<<"$loc" | grep -o '[0-9]*' || true)
    [ -n "$id" ] || continue
    page=$(curl -s -b "$jar" -w '\n%{http_code}\t%{time_total}' "$base/manage/revisions/$rev/initiatives/$id")
    printf 'form\t%s\n' "$(tail -1 <<<"$page")" >>"$out"
    ver=$(grep -o 'name="version" value="[0-9]*"' <<<"$page" | head -1 | grep -o '[0-9]*' || true)
    [ -n "$ver" ] || continue
    IFS=$'\t' read -r code t loc < <("${post[@]}" --data-urlencode "_csrf=$csrf" --data-urlencode "version=$ver" \
      --data-urlencode "name=負荷試験の取組 $w-$i（修正）" "$base/manage/revisions/$rev/initiatives/$id")
    printf 'edit\t%s\t%s\n' "$code" "$t" >>"$out"
    IFS=$'\t' read -r code t loc < <("${post[@]}" --data-urlencode "_csrf=$csrf" --data-urlencode "version=$((ver + 1))" \
      "$base/manage/revisions/$rev/initiatives/$id/delete")
    printf 'delete\t%s\t%s\n' "$code" "$t" >>"$out"
  done
}

for r in $(seq 1 "$readers"); do reader "$r" & done
for w in $(seq 1 "$writers"); do writer "$w" "${depts[$((w - 1))]}" & done

# Memory every 30 s; one online backup half way through.
peak=$rss_start
half=$(( $(date +%s) + duration / 2 ))
backed_up=""
while [ "$(date +%s)" -lt "$end" ]; do
  sleep 5
  now=$(rss); [ "$now" -gt "$peak" ] && peak=$now
  printf '%s\t%s\n' "$(date +%s)" "$now" >>"$work/rss.tsv"
  if [ -z "$backed_up" ] && [ "$(date +%s)" -ge "$half" ]; then
    t0=$(date +%s.%N)
    if "$bin" backup --db "$db" "$work/during-soak.backup" >"$work/backup.out" 2>&1; then
      backed_up="ok in $(printf "%.1f" "$(echo "$(date +%s.%N) - $t0" | bc)") s"
    else
      backed_up="FAILED: $(tail -1 "$work/backup.out")"
    fi
  fi
done
wait $(jobs -p | grep -v "^$server$") 2>/dev/null || true
rss_end=$(rss)
health=$(curl -s -o /dev/null -w '%{http_code}' "$base/healthz")
kill -TERM "$server"
wait "$server" && exit_status=0 || exit_status=$?
# The backup taken under load restores, verified table by table (SQLite: into a new file).
if [[ "$backed_up" == ok* && "$db" == sqlite:* ]]; then
  if "$bin" restore --db "sqlite://$work/restored.db" "$work/during-soak.backup" >"$work/restore.out" 2>&1; then
    backed_up="$backed_up, restored and verified"
  else
    backed_up="$backed_up, RESTORE FAILED: $(tail -1 "$work/restore.out")"
  fi
fi

cat "$work"/reader*.tsv | awk -F'\t' '{print $1 "\t" $2 "\t" $3}' >"$work/all.tsv"
cat "$work"/writer*.tsv | awk -F'\t' '$1 != "setup" {print $1 "\t" $2 "\t" $3}' >>"$work/all.tsv"
setup_errors=$(cat "$work"/writer*.tsv | awk -F'\t' '$1 == "setup"' | wc -l)
summary() {
  awk -F'\t' -v kind="$1" -v ok="$2" '
    $1 == kind { n++; if (index(ok, $2) == 0) err++; print $3 > "/dev/stderr" }
    END { printf "%s\t%d\t%d\n", kind, n, err }' "$work/all.tsv" 2>"$work/lat-$1.txt"
}
pct() { sort -n "$1" | awk -v p="$2" '{a[NR]=$1} END {if (NR == 0) {print "-"; exit} i=int(NR*p); if (i<1) i=1; printf "%.1f ms", a[i]*1000}'; }

echo
echo "== soak results ($duration s, $profile build, $(uname -m), $(nproc) cores)"
printf '%-8s %9s %7s %10s %10s\n' kind requests errors p50 p99
total=0 errors=0
for kind in read add form edit delete; do
  case $kind in read|form) ok=200 ;; *) ok=303 ;; esac
  IFS=$'\t' read -r k n e < <(summary "$kind" "$ok")
  total=$((total + n)); errors=$((errors + e))
  printf '%-8s %9d %7d %10s %10s\n' "$kind" "$n" "$e" "$(pct "$work/lat-$kind.txt" 0.5)" "$(pct "$work/lat-$kind.txt" 0.99)"
done
echo "requests: $total in ${duration} s ($((total / duration))/s); errors: $errors; writer setup errors: $setup_errors"
echo "server RSS: start $((rss_start / 1024)) MiB, end $((rss_end / 1024)) MiB, peak $((peak / 1024)) MiB"
echo "online backup during the soak: ${backed_up:-not taken}"
echo "/healthz at the end: $health; exit status after SIGTERM: $exit_status"
echo "5xx in the server log: $(grep -c '"status":5\|status=5' "$work/serve.log" || true); files: $work"
[ "$errors" -eq 0 ] && [ "$setup_errors" -eq 0 ] && [ "$exit_status" -eq 0 ] && [ "$health" = 200 ] &&
  [[ "$backed_up" != *FAILED* ]]
