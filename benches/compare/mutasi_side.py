#!/usr/bin/env python3
"""Reads one results folder written by `mutasi run ... -r 1` and prints one JSON object with
the events, wall time, events/s and each unit's mean wait checked against theory.

Sources: `run.json` (`events`, `wall_seconds`, `warmup_months` and the resolved
`scenario`, whose parameters give the theory), `summary.csv` (kpi `wait_days_mean`) for a
single unit, `timeseries.csv` (per unit and month `wait_days_mean`, weighted by
`arrivals`, over the measured months) when there are several units. Waits are in working
days there; times the scenario's hours per day gives hours.

Event accounting: mutasi counts every event it pops before the horizon: arrivals,
completions and one month end per simulated month.

Usage: mutasi_side.py RESULTS_DIR [CPU_SECONDS], where CPU_SECONDS is the user + system time
of the whole `mutasi run` process (it includes start-up and writing the outputs, a few
milliseconds, so it slightly understates mutasi's CPU-time throughput).
"""

import csv
import json
import sys
from pathlib import Path

from queueing import check, theory_for, units_from_scenario


def summary_wait_days(folder):
    with open(folder / "summary.csv", newline="") as f:
        for row in csv.DictReader(f):
            if row["kpi"] == "wait_days_mean":
                return float(row["mean"])
    raise SystemExit(f"{folder}/summary.csv has no wait_days_mean row")


def unit_wait_days(folder, unit, warmup_months):
    """Arrival-weighted mean over measured months of the unit's monthly mean wait."""
    waits, weights = {}, {}
    with open(folder / "timeseries.csv", newline="") as f:
        for row in csv.DictReader(f):
            if row["unit"] != unit or int(row["month"]) <= warmup_months or not row["mean"]:
                continue
            month = int(row["month"])
            if row["metric"] == "wait_days_mean":
                waits[month] = float(row["mean"])
            elif row["metric"] == "arrivals":
                weights[month] = float(row["mean"])
    months = [m for m in waits if weights.get(m, 0) > 0]
    if not months:
        raise SystemExit(f"{folder}/timeseries.csv: no measured month for unit {unit}")
    total = sum(weights[m] for m in months)
    return sum(waits[m] * weights[m] for m in months) / total


def main():
    folder = Path(sys.argv[1])
    info = json.loads((folder / "run.json").read_text())
    scenario = info["scenario"]
    hours_per_day = scenario["calendar"]["hours_per_day"]
    units = units_from_scenario(scenario)
    checks = []
    for u in units:
        if len(units) == 1:
            wait_days = summary_wait_days(folder)
        else:
            wait_days = unit_wait_days(folder, u["name"], info["warmup_months"])
        theory, tol, _ = theory_for(u)
        checks.append(check("mutasi", u["name"], wait_days * hours_per_day, theory, tol))
    out = {
        "events": info["events"],
        "wall_seconds": info["wall_seconds"],
        "events_per_second": info["events"] / info["wall_seconds"],
        "units": units,
        "checks": checks,
    }
    if len(sys.argv) > 2:
        out["cpu_seconds"] = float(sys.argv[2])
        out["cpu_events_per_second"] = info["events"] / out["cpu_seconds"]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
