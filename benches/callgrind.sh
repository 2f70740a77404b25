#!/usr/bin/env bash
# Instructions per simulated event of two mutasi binaries, side by side (valgrind callgrind,
# counting only the event loop (`Calendar::run_until` and what it calls), one thread). Usage:
#   benches/callgrind.sh OLD_BIN NEW_BIN
# Build each binary from its own checkout with `cargo build --release`. Needs valgrind.
set -euo pipefail
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for bin in "$@"; do
  for spec in "mmc 8" "arcamanik 2"; do
    set -- $spec
    dir="$out/$(basename "$(dirname "$(dirname "$(dirname "$bin")")")")-$1"
    valgrind --tool=callgrind --callgrind-out-file="$dir.cg" \
      --toggle-collect='*Calendar*run_until*' \
      "$bin" run "$1" -r "$2" --policies status_quo --threads 1 --no-charts -o "$dir" --force \
      >/dev/null 2>&1
    events=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['events'])" "$dir/run.json")
    instr=$(callgrind_annotate "$dir.cg" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1; exit}')
    echo "$bin $1: $events events, $((instr / events)) instructions per event"
  done
done
