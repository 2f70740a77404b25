#!/usr/bin/env bash
# Speed comparison of mutasi with SimPy on the same models (see benches/README.md):
#   mmc       the shipped M/M/c validation scenario (c = 10, lambda = 9/h, mu = 1/h)
#   two_unit  benches/compare/two_unit.toml (M/M/5 and M/LN/3, longest-idle staff)
# Both sides read the same scenario file, run one replication on one thread with the same
# horizon, check their mean waits against theory (and fail if off), and report
# events/s = (arrivals + completions [+ mutasi's month ends]) / seconds, both per wall
# second and per CPU second (the latter is steadier on a shared, busy machine).
#
# Usage: bash benches/compare/run.sh          (from any directory)
# Environment: YEARS (horizon of every run, default 40), REPEATS (runs per side and model,
# default 3; medians are reported), SEED (default 1), PYTHON (default python3).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
years="${YEARS:-40}"
repeats="${REPEATS:-3}"
seed="${SEED:-1}"
python="${PYTHON:-python3}"

# --- SimPy in a local virtual environment, pinned ----------------------------------------
venv="$here/.venv"
if [[ ! -x "$venv/bin/python" ]]; then
    echo "creating $venv" >&2
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "simpy==4.1.1"
py="$venv/bin/python"
"$py" -c 'import sys, tomllib; assert sys.version_info >= (3, 11)' \
    || { echo "needs Python >= 3.11 (tomllib)" >&2; exit 1; }

# --- mutasi in release ---------------------------------------------------------------------
echo "building mutasi (release)" >&2
cargo build --release --quiet --manifest-path "$root/Cargo.toml" --bin mutasi
target_dir="$(cargo metadata --format-version 1 --no-deps --manifest-path "$root/Cargo.toml" \
    | "$py" -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
mutasi="$target_dir/release/mutasi"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
results="$tmp/runs.jsonl"
: > "$results"

# The shipped mmc scenario as a file, so that SimPy reads exactly what mutasi runs.
"$mutasi" init mmc > "$tmp/mmc.toml"
cp "$here/two_unit.toml" "$tmp/two_unit.toml"

# Appends one run's JSON object, tagged with model and side, to the results; prints a line.
record() {
    "$py" "$here/summarize.py" record "$results" "$1" "$2" "$3"
}

TIMEFORMAT='%U %S' # what bash's `time` prints: user and system CPU seconds
cd "$here"         # the Python scripts import queueing.py from here
for model in mmc two_unit; do
    scenario="$tmp/$model.toml"
    for ((i = 1; i <= repeats; i++)); do
        out="$tmp/out-$model-$i"
        # bash's `time` gives the CPU time (user + system) of the whole mutasi process.
        # --no-charts: charts and the brief are report time, measured on their own.
        if ! { time "$mutasi" run "$scenario" -r 1 --threads 1 \
            --seed "$seed" -q --no-charts --force -o "$out" --set "horizon_years=$years"; } 2> "$tmp/time"; then
            cat "$tmp/time" >&2
            exit 1
        fi
        cpu="$(awk 'END { print $1 + $2 }' "$tmp/time")"
        # Assignments first: `set -e` stops on a failed check only outside arguments.
        json="$("$py" mutasi_side.py "$out" "$cpu")"
        record "$model" mutasi "$json"
        rm -rf "$out"
        if [[ "$model" == mmc ]]; then
            json="$("$py" mmc_simpy.py "$scenario" --years "$years" --seed "$seed")"
        else
            json="$("$py" two_unit_simpy.py "$scenario" --years "$years" --seed "$seed")"
        fi
        record "$model" simpy "$json"
    done
done

echo
echo "horizon $years years, $repeats run(s) per side, one replication on one thread each;"
echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores, $(date -u +%F)"
"$py" summarize.py table "$results"
