#!/usr/bin/env python3
"""The two-unit model of two_unit.toml in SimPy, with mutasi's semantics: per unit, Poisson
arrivals, a FIFO queue, and each case served by the longest-idle person (a `simpy.Store`
of staff ids: `get` takes the first id, a person who finishes is `put` at the back).
Work is exponential or lognormal with mutasi's parameterisation (mean and cv).

Reads the scenario file itself, so the parameters are the ones mutasi runs. Event
accounting as on the Rust side: arrivals + completions before the horizon. Prints one JSON
object; exits non-zero when a unit's mean wait is off theory.
"""

import argparse
import json
import math
import random
import time
import tomllib

import simpy

from queueing import check, theory_for, units_from_scenario


def work_sampler(unit, rng):
    if unit["kind"] == "exponential":
        rate = 1.0 / unit["mean_hours"]
        return lambda: rng.expovariate(rate)
    s2 = math.log(1.0 + unit["cv"] ** 2)
    mu, sigma = math.log(unit["mean_hours"]) - s2 / 2.0, math.sqrt(s2)
    return lambda: rng.lognormvariate(mu, sigma)


def simulate(units, hours, warmup_hours, seed):
    env = simpy.Environment()
    n = {"arrivals": 0, "completions": 0}
    stats = [{"waits": 0, "wait_sum": 0.0} for _ in units]

    def customer(env, staff, sample, stat):
        arrived = env.now
        person = yield staff.get()
        if env.now >= warmup_hours:
            stat["waits"] += 1
            stat["wait_sum"] += env.now - arrived
        yield env.timeout(sample())
        staff.put(person)
        n["completions"] += 1

    def source(env, lam, gaps, staff, sample, stat):
        while True:
            yield env.timeout(gaps.expovariate(lam))
            n["arrivals"] += 1
            env.process(customer(env, staff, sample, stat))

    started, cpu_started = time.perf_counter(), time.process_time()
    for i, u in enumerate(units):
        staff = simpy.Store(env)
        staff.items.extend(range(u["c"]))  # all idle at the start, in id order
        gaps = random.Random(seed * 1000 + 2 * i)
        sample = work_sampler(u, random.Random(seed * 1000 + 2 * i + 1))
        env.process(source(env, u["lam"], gaps, staff, sample, stats[i]))
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
        "mean_wait_hours": [s["wait_sum"] / s["waits"] for s in stats],
        "kernel_events": next(env._eid) if hasattr(env, "_eid") else None,
    }


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("scenario", help="path of two_unit.toml")
    p.add_argument("--years", type=float, help="horizon override (years)")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    with open(a.scenario, "rb") as f:
        sc = tomllib.load(f)
    cal = sc.get("calendar", {})
    hours_per_year = cal.get("hours_per_day", 7.5) * cal.get("days_per_year", 240)
    years = a.years if a.years is not None else sc["horizon_years"]
    # mutasi rounds the warm-up to whole months (twelfths of a year).
    warmup_months = round(sc.get("warmup_years", 0.0) * 12)
    units = units_from_scenario(sc)
    out = simulate(units, years * hours_per_year, warmup_months * hours_per_year / 12, a.seed)
    out["checks"] = []
    for u, w in zip(units, out["mean_wait_hours"]):
        theory, tol, _ = theory_for(u)
        out["checks"].append(check("simpy", u["name"], w, theory, tol))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
