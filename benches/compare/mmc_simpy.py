#!/usr/bin/env python3
"""The M/M/c queue of mutasi's `mmc` validation scenario, written the idiomatic SimPy way
(one process per customer, a `simpy.Resource` with c servers, FIFO). Reads c, lambda, mu,
the calendar and the warm-up from the same scenario file mutasi runs.

Event accounting, as on the Rust side: arrivals + completions that happen before the
horizon. (SimPy's kernel schedules several events per customer; they are reported as
`kernel_events` for information only.) Prints one JSON object.
"""

import argparse
import json
import random
import time
import tomllib

import simpy

from queueing import check, erlang_c_wq, units_from_scenario


def simulate(c, lam, mu, hours, warmup_hours, seed):
    gaps = random.Random(seed)
    work = random.Random(seed + 1)
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=c)
    n = {"arrivals": 0, "completions": 0, "waits": 0}
    wait_sum = [0.0]

    def customer(env):
        arrived = env.now
        with servers.request() as req:
            yield req
            if env.now >= warmup_hours:
                n["waits"] += 1
                wait_sum[0] += env.now - arrived
            yield env.timeout(work.expovariate(mu))
        n["completions"] += 1

    def source(env):
        while True:
            yield env.timeout(gaps.expovariate(lam))
            n["arrivals"] += 1
            env.process(customer(env))

    started, cpu_started = time.perf_counter(), time.process_time()
    env.process(source(env))
    env.run(until=hours)
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    events = n["arrivals"] + n["completions"]
    return {
        "events": events,
        "wall_seconds": wall,
        "events_per_second": events / wall,
        "cpu_seconds": cpu,
        "cpu_events_per_second": events / cpu,
        "mean_wait_hours": wait_sum[0] / n["waits"],
        # Internal counter of SimPy's event ids: informational only.
        "kernel_events": next(env._eid) if hasattr(env, "_eid") else None,
    }


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("scenario", help="the mmc scenario file (e.g. from `mutasi init mmc`)")
    p.add_argument("--years", type=float, help="horizon override (years)")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    with open(a.scenario, "rb") as f:
        sc = tomllib.load(f)
    units = units_from_scenario(sc)
    if len(units) != 1 or units[0]["kind"] != "exponential":
        raise SystemExit(f"{a.scenario}: not a single M/M/c unit")
    u = units[0]
    c, lam, mu = u["c"], u["lam"], 1.0 / u["mean_hours"]
    cal = sc.get("calendar", {})
    hours_per_year = cal.get("hours_per_day", 7.5) * cal.get("days_per_year", 240)
    years = a.years if a.years is not None else sc["horizon_years"]
    # mutasi rounds the warm-up to whole months (twelfths of a year).
    warmup_hours = round(sc.get("warmup_years", 0.0) * 12) * hours_per_year / 12
    out = simulate(c, lam, mu, years * hours_per_year, warmup_hours, a.seed)
    out["checks"] = [check("simpy", u["name"], out["mean_wait_hours"], erlang_c_wq(c, lam, mu), 0.10)]
    out["simpy_version"] = getattr(simpy, "__version__", None)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
