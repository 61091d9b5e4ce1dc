#!/usr/bin/env bash
# The test command (README): installs what the tests need when it is missing, then runs every
# test of the workspace. A fresh Debian machine passes with this command alone.
#
#   scripts/test.sh [ARGS...]     setup, then `cargo test --workspace ARGS...`
#   scripts/test.sh --dry-run     say what would be installed and run, change nothing
#   scripts/test.sh --setup-only  install what is missing, run nothing (.ci/run, before clippy)
#
# Needs: PostgreSQL's server binaries (the store, app, web and cli suites start a throwaway
# cluster; pg_dump/pg_restore for backup tests), a C compiler (bundled SQLite), Node.js with
# npm, Chromium and a Japanese font (browser and accessibility tests), the browser test
# drivers (`npm ci` in tests/browser), python3 (the extraction score script), mecab-ipadic (the
# search crate compiles the IPADIC dictionary at build time), poppler's
# pdftotext with its CJK maps (PDF import: poppler-utils, poppler-data), Debian's python3 with
# openpyxl (python3-openpyxl: `hoshin export` workbooks are read back by it). Missing Debian
# packages are installed with apt-get (as root, or through sudo). Rust itself is not
# installed here: without a cargo new enough for the workspace this stops and says so.
#
# Overrides (for checks and odd machines): CHROMIUM (default /usr/bin/chromium), NODE_BIN,
# NPM_BIN, FC_LIST, CC_BIN, HOSHIN_PG_BIN (a directory with initdb and pg_ctl), BROWSER_DIR,
# PDFTOTEXT_BIN, POPPLER_DATA (default /usr/share/poppler), HOSHIN_IPADIC_DIR (default
# /usr/share/mecab/dic/ipadic), DEB_PYTHON (default /usr/bin/python3, the interpreter that must
# import openpyxl).
set -euo pipefail
cd "$(dirname "$0")/.."

dry_run=0
setup_only=0
case "${1:-}" in
  --dry-run) dry_run=1; shift ;;
  --setup-only) setup_only=1; shift ;;
esac

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
NODE_BIN="${NODE_BIN:-node}"
NPM_BIN="${NPM_BIN:-npm}"
FC_LIST="${FC_LIST:-fc-list}"
CC_BIN="${CC_BIN:-cc}"
BROWSER_DIR="${BROWSER_DIR:-tests/browser}"
PDFTOTEXT_BIN="${PDFTOTEXT_BIN:-pdftotext}"
POPPLER_DATA="${POPPLER_DATA:-/usr/share/poppler}"
DEB_PYTHON="${DEB_PYTHON:-/usr/bin/python3}"
IPADIC_DIR="${HOSHIN_IPADIC_DIR:-/usr/share/mecab/dic/ipadic}"

have() { command -v "$1" >/dev/null 2>&1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif have sudo; then sudo "$@"; else
    echo "error: need root (or sudo) to install: ${*: -1}" >&2; return 1; fi
}

# Rust: the workspace's rust-version or newer.
need_rust=$(sed -n 's/^rust-version *= *"\([0-9.]*\)"/\1/p' Cargo.toml)
if ! have cargo || ! have rustc; then
  echo "error: cargo and rustc $need_rust or newer are needed: install Rust (https://rustup.rs), then run $0 again" >&2
  exit 1
fi
have_rust=$(rustc --version | awk '{print $2}')
if [ "$(printf '%s\n%s\n' "$need_rust" "$have_rust" | sort -V | head -1)" != "$need_rust" ]; then
  echo "error: rustc $have_rust is older than the workspace's rust-version $need_rust: update Rust (rustup update)" >&2
  exit 1
fi

missing=()
if [ -n "${HOSHIN_PG_BIN:-}" ]; then
  [ -x "$HOSHIN_PG_BIN/initdb" ] || missing+=(postgresql)
elif ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
have "$CC_BIN" || missing+=(gcc libc6-dev)
have python3 || missing+=(python3)
if ! have "$NODE_BIN" || ! have "$NPM_BIN"; then missing+=(nodejs npm); fi
[ -x "$CHROMIUM" ] || missing+=(chromium)
if ! have "$FC_LIST" || [ -z "$("$FC_LIST" :lang=ja 2>/dev/null || true)" ]; then
  missing+=(fontconfig fonts-ipafont-gothic)
fi
[ -f "$IPADIC_DIR/matrix.def" ] || missing+=(mecab-ipadic)
have "$PDFTOTEXT_BIN" || missing+=(poppler-utils)
[ -d "$POPPLER_DATA/cMap" ] || missing+=(poppler-data)
"$DEB_PYTHON" -c 'import openpyxl' >/dev/null 2>&1 || missing+=(python3-openpyxl)
drivers=1
if [ ! -d "$BROWSER_DIR/node_modules/playwright-core" ] || [ ! -d "$BROWSER_DIR/node_modules/axe-core" ]; then
  drivers=0
fi

if [ "$dry_run" -eq 1 ]; then
  if [ "${#missing[@]}" -gt 0 ]; then echo "would install: ${missing[*]}"; else echo "would install: nothing"; fi
  if [ "$drivers" -eq 0 ]; then echo "would run: npm ci --prefix $BROWSER_DIR"; fi
  echo "would run: cargo test --workspace $*"
  exit 0
fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "== installing: ${missing[*]}"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi
if [ "$drivers" -eq 0 ]; then
  echo "== installing the browser test drivers (npm ci)"
  "$NPM_BIN" ci --prefix "$BROWSER_DIR" --no-audit --no-fund
fi

if [ "$setup_only" -eq 1 ]; then exit 0; fi

echo "== cargo test --workspace $*"
exec cargo test --workspace "$@"
