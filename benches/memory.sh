#!/usr/bin/env bash
# Peak memory of a large run (issue 22, item 2): the SYNTHETIC organisation of 1,000 units
# (10,000 staff, examples/synthetic_org.rs) over 10 years with five policies, one replication
# each, on 2 threads, charts and brief included, measured with /usr/bin/time -v.
# Usage: bash benches/memory.sh [extra mutasi run flags, e.g. --series all]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin mutasi --example synthetic_org
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo run --release --quiet --example synthetic_org -- 1000 10 > "$work/org.toml"
cat >> "$work/org.toml" <<'TOML'

[[policies]]
name = "needs_based"
kind = "needs_based"
tolerance = 0.0
months = 2
review = { every_months = 1, start_month = 1, max_moves_per_review = 8 }

[[policies]]
name = "rotation_5y"
kind = "periodic_rotation"
every_years = 5
who = "longest_at_post"
destination = "best_fit"

[[policies]]
name = "rotation_3y"
kind = "periodic_rotation"
every_years = 3
who = "longest_at_post"
destination = "best_fit"

[[policies]]
name = "needs_based_quarterly"
kind = "needs_based"
tolerance = 0.1
months = 3
review = { every_months = 3, start_month = 1, max_moves_per_review = 8 }
TOML
/usr/bin/time -v -o "$work/time" target/release/mutasi run "$work/org.toml" -r 1 --threads 2 \
    -q -o "$work/out" "$@"
grep -E 'Elapsed|User time|Maximum resident' "$work/time"
grep -o '"events": [0-9]*' "$work/out/run.json"
du -k "$work/out/timeseries.csv"
