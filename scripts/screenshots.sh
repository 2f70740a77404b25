#!/usr/bin/env bash
# Renders the briefs of both shipped scenarios in English and Indonesian and photographs
# them the way a planner sees them: the first screen at desktop width (1400 x 900), the
# whole page, and the printed A4 PDF as PNG pages. Needs Debian's chromium and
# poppler-utils (`apt-get install -y chromium poppler-utils`).
#
#   scripts/screenshots.sh [OUT_DIR] [REPLICATIONS]
#
# OUT_DIR defaults to target/screenshots; REPLICATIONS (default 20) keeps it to a minute or
# two on two cores. Run from the repository root after `cargo build --release`.
set -euo pipefail
out="${1:-target/screenshots}"
reps="${2:-20}"
bin="${MUTASI:-target/release/mutasi}"
chrome="${CHROMIUM:-chromium}"
mkdir -p "$out"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --hide-scrollbars "--user-data-dir=$profile")
for scenario in arcamanik gorontalo; do
  results="$out/$scenario"
  "$bin" run "$scenario" -r "$reps" -o "$results" --force -q
  for lang in en id; do
    "$bin" report "$results" --lang "$lang" -q
    html="$results/report.$lang.html"
    [ "$lang" = en ] && html="$results/report.html"
    url="file://$(realpath "$html")"
    base="$out/$scenario-$lang"
    "$chrome" "${flags[@]}" --window-size=1400,900 --screenshot="$base-first-screen.png" "$url" 2>/dev/null
    "$chrome" "${flags[@]}" --window-size=1400,6000 --screenshot="$base-page.png" "$url" 2>/dev/null
    "$chrome" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$base.pdf" "$url" 2>/dev/null
    rm -f "$base"-print-*.png
    pdftoppm -r 50 -png "$base.pdf" "$base-print"
    echo "$base: $(ls "$base"-print-*.png | wc -l) printed page(s)"
  done
done
