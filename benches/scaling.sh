#!/usr/bin/env bash
# The scaling table of benches/README.md: one replication of one policy on one thread for
# arcamanik (35 staff) and SYNTHETIC organisations of 100, 1,000 and 10,000 staff
# (examples/synthetic_org.rs), 10 years each unless YEARS says otherwise. Prints events,
# user CPU seconds, events per CPU second and peak RSS of the whole `mutasi run` process
# (parsing, simulation and writing the tables; no charts).
#
# Usage: bash benches/scaling.sh [UNITS...]   (default: 10 100 1000; 10 units = 100 staff)
# YEARS=N sets the horizon; MUTASI=path/to/mutasi measures another build (e.g. an older
# commit's) on the same organisations.
set -euo pipefail
cd "$(dirname "$0")/.."
YEARS=${YEARS:-10}
cargo build --release --quiet --bin mutasi --example synthetic_org
MUTASI=${MUTASI:-target/release/mutasi}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
units=("$@")
[ ${#units[@]} -eq 0 ] && units=(10 100 1000)

measure() { # label scenario
    local label=$1 scenario=$2
    /usr/bin/time -v -o "$work/time" "$MUTASI" run "$scenario" -r 1 --threads 1 \
        --policies status_quo -q --no-charts --no-limit --force -o "$work/out" \
        --set "horizon_years=$YEARS" --set "warmup_years=$(awk -v y="$YEARS" 'BEGIN { print y / 10 }')"
    local events user rss series
    events=$(grep -o '"events": [0-9]*' "$work/out/run.json" | grep -o '[0-9]*$')
    user=$(grep 'User time' "$work/time" | grep -o '[0-9.]*$')
    rss=$(grep 'Maximum resident' "$work/time" | grep -o '[0-9]*$')
    series=$(du -k "$work/out/timeseries.csv" | cut -f1)
    awk -v l="$label" -v e="$events" -v u="$user" -v r="$rss" -v s="$series" 'BEGIN {
        printf "| %s | %.2f M | %.2f s | %.2f M | %.0f MB | %.1f MB |\n",
            l, e / 1e6, u, e / u / 1e6, r / 1024, s / 1024 }'
}

echo "| staff (units) | events | user CPU | events/s | peak RSS | timeseries.csv |"
echo "|---|---:|---:|---:|---:|---:|"
measure "arcamanik (73 incl. pool, 10)" arcamanik
for u in "${units[@]}"; do
    target/release/examples/synthetic_org "$u" "$YEARS" > "$work/org.toml"
    measure "$((u * 10)) ($u)" "$work/org.toml"
done
