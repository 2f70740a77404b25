"""Queueing theory shared by the comparison scripts: Erlang C and the Allen-Cunneen
approximation, and the tolerance check every side runs before its speed is believed."""

import math


def erlang_c_wq(c, lam, mu):
    """Mean wait in queue (hours) of an M/M/c queue (Erlang C)."""
    a = lam / mu
    rho = a / c
    if rho >= 1.0:
        raise ValueError(f"unstable queue: rho = {rho}")
    below = sum(a**k / math.factorial(k) for k in range(c))
    top = a**c / math.factorial(c) / (1.0 - rho)
    p_wait = top / (below + top)
    return p_wait / (c * mu - lam)


def allen_cunneen_wq(c, lam, mean_service, cv_service):
    """Approximate mean wait in queue (hours) of an M/G/c queue: the M/M/c wait scaled by
    (1 + cv^2) / 2 (Allen-Cunneen with Poisson arrivals). Good to a few percent for moderate
    cv; an approximation, so it is checked with a looser tolerance than Erlang C."""
    return erlang_c_wq(c, lam, 1.0 / mean_service) * (1.0 + cv_service**2) / 2.0


def check(side, name, measured, theory, tolerance):
    """Returns a result row; raises SystemExit when `measured` is off by more than
    `tolerance` (relative), so a wrong model never gets a speed figure."""
    rel = (measured - theory) / theory
    row = {
        "side": side,
        "unit": name,
        "mean_wait_hours": measured,
        "theory_wait_hours": theory,
        "rel_error": rel,
        "tolerance": tolerance,
    }
    if not abs(rel) < tolerance:
        raise SystemExit(
            f"{side} {name}: mean wait {measured:.4f} h vs theory {theory:.4f} h "
            f"({rel:+.1%}, tolerance {tolerance:.0%})"
        )
    return row


def theory_for(unit):
    """(theory mean wait in hours, tolerance, label) for one unit dict with keys c, lam,
    kind, mean_hours, cv. Exponential work is exact Erlang C; lognormal is Allen-Cunneen."""
    if unit["kind"] == "exponential":
        return erlang_c_wq(unit["c"], unit["lam"], 1.0 / unit["mean_hours"]), 0.10, "erlang_c"
    return (
        allen_cunneen_wq(unit["c"], unit["lam"], unit["mean_hours"], unit["cv"]),
        0.15,
        "allen_cunneen",
    )


def units_from_scenario(scenario):
    """The units of a parsed mutasi scenario (TOML dict or run.json `scenario`) as plain
    queue parameters. Supports the subset the comparison uses: single-class shorthand units,
    flat demand, exponential or lognormal work, no patience or complaints, and plain servers
    (`staff_dynamics = false`: no absence, learning, stress or exits)."""
    if scenario.get("staff_dynamics", True):
        raise SystemExit("the scenario must set staff_dynamics = false (plain servers)")
    hours_per_day = scenario.get("calendar", {}).get("hours_per_day", 7.5)
    units = []
    for u in scenario["units"]:
        if u.get("cases"):
            raise SystemExit(f"unit {u['name']}: multi-class units are not supported here")
        demand, service = u["demand"], u["service"]
        if demand.get("growth_per_year", 0) or demand.get("season") or demand.get("shocks"):
            raise SystemExit(f"unit {u['name']}: only flat demand is supported here")
        if u.get("patience") or u.get("complaint_prob"):
            raise SystemExit(f"unit {u['name']}: patience/complaints are not supported here")
        if service["kind"] not in ("exponential", "lognormal"):
            raise SystemExit(f"unit {u['name']}: work kind {service['kind']} not supported")
        units.append(
            {
                "name": u["name"],
                "c": int(u.get("staff") or u["positions"]),
                "lam": demand["base_per_day"] / hours_per_day,
                "kind": service["kind"],
                "mean_hours": float(service["mean_hours"]),
                "cv": float(service.get("cv", 1.0)),
            }
        )
    return units
