#!/usr/bin/env python3
"""Bookkeeping of run.sh.

`summarize.py record FILE MODEL SIDE JSON` appends one run's JSON object, tagged with model
and side, to FILE (JSON lines) and prints a progress line to stderr.
`summarize.py table FILE` prints the median events/s of each side per model and the
mutasi / SimPy ratio."""

import json
import statistics
import sys


def record(path, model, side, text):
    r = json.loads(text)
    r.update(model=model, side=side)
    with open(path, "a") as f:
        f.write(json.dumps(r) + "\n")
    print(
        f"  {model:<9} {side:<7} {r['events']:>10} events {r['wall_seconds']:8.3f} s "
        f"{r['events_per_second']:>14,.0f} events/s",
        file=sys.stderr,
    )


def table(path):
    runs = [json.loads(line) for line in open(path) if line.strip()]
    models = list(dict.fromkeys(r["model"] for r in runs))
    print()
    print(
        f"{'model':<9} {'side':<7} {'runs':>4} {'events':>9} {'wall s':>8} "
        f"{'events/wall s':>14} {'events/CPU s':>14}  mean wait h (theory)"
    )
    for model in models:
        med = {}
        for side in ("mutasi", "simpy"):
            rs = [r for r in runs if r["model"] == model and r["side"] == side]
            if not rs:
                continue
            wall = statistics.median(r["events_per_second"] for r in rs)
            cpu = statistics.median(r.get("cpu_events_per_second", float("nan")) for r in rs)
            med[side] = (wall, cpu)
            waits = ", ".join(
                f"{c['unit']} {c['mean_wait_hours']:.3f} ({c['theory_wait_hours']:.3f})"
                for c in rs[0]["checks"]
            )
            print(
                f"{model:<9} {side:<7} {len(rs):>4} {rs[0]['events']:>9} "
                f"{statistics.median(r['wall_seconds'] for r in rs):>8.3f} "
                f"{wall:>14,.0f} {cpu:>14,.0f}  {waits}"
            )
        if "mutasi" in med and "simpy" in med:
            (mw, mc), (sw, sc) = med["mutasi"], med["simpy"]
            print(f"{model:<9} mutasi/SimPy: {mw / sw:.1f}x per wall second, {mc / sc:.1f}x per CPU second")
    print("(medians over runs)")
    kernel = [r for r in runs if r["side"] == "simpy" and r.get("kernel_events")]
    if kernel:
        r = kernel[0]
        print(
            f"SimPy scheduled {r['kernel_events']:,} kernel events for {r['events']:,} model "
            f"events in its {r['model']} run; only model events are counted on both sides."
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["record"] and len(sys.argv) == 6:
        record(*sys.argv[2:])
    elif sys.argv[1:2] == ["table"] and len(sys.argv) == 3:
        table(sys.argv[2])
    else:
        raise SystemExit(__doc__)
