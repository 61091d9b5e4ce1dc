#!/usr/bin/env bash
# Scores the importer against the hand-made gold annotations in ../shared:
# extracts every ../shared/seeds/*.txt and ../shared/samples/*.txt to DIR/<stem>.json, then
# runs ../shared/tools/score_extraction.py. Usage: scripts/score-extraction.sh [--verbose]
#
# Until `hoshin extract` exists this uses the importer's example binary; afterwards it will be
#   cargo run --release -- extract --out "$out" "${files[@]}"
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${HOSHIN_SHARED:-$root/../shared}"
if [[ ! -d "$shared/gold" ]]; then
  echo "no $shared/gold: nothing to score" >&2
  exit 1
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
files=("$shared"/seeds/*.txt "$shared"/samples/*.txt)
cd "$root"
# Extraction failures are scored as missing predictions, so keep going.
if [[ "${HOSHIN_SCORE_RUNNER:-cli}" == example ]]; then
  cargo run -q -p hoshin-importer --example extract -- --out "$out" "${files[@]}" || true
else
  cargo run --release -q -- extract --out "$out" "${files[@]}" || true
fi
python3 "$shared/tools/score_extraction.py" --gold "$shared/gold" --pred "$out" "$@"
