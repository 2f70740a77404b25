#!/usr/bin/env bash
# Runs the fuzz targets on one core. Usage: fuzz/run.sh [seconds per target] [target...]
# Seeds: the shipped scenarios, the validation scenario, the bad-input test files and
# fuzz/seeds/<target>/; the corpus grows in fuzz/corpus/<target>/ (not committed).
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(scenario_text data_csv)
mkdir -p corpus/scenario_text corpus/data_csv
cp ../scenarios/*.toml ../scenarios/validation/*.toml ../tests/data/bad/*.toml corpus/scenario_text/
cp ../tests/fuzz_regressions/scenario_text/* corpus/scenario_text/ 2>/dev/null || true
cp seeds/data_csv/* corpus/data_csv/
for t in "${targets[@]}"; do
  cargo +nightly fuzz run "$t" "corpus/$t" -- \
    -jobs=1 -workers=1 -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1
done
