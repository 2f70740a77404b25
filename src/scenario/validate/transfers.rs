//! The transfer sections: `[transfers]` (rules, requests, resistance), `[geography]`,
//! `[costs]` and `[workload]`.

use std::collections::HashSet;

use super::Bound::*;
use super::{Checker, SHARE};
use crate::scenario::{CostSpec, GeographySpec, ResistanceSpec, Scenario, TransferSpec};

/// Every transfer section, in file order.
pub(super) fn check(s: &Scenario, c: &mut Checker) {
    rules(c, &s.transfers);
    let q = &s.transfers.requests;
    numbers!(c, "transfers.requests", q, {
        base_per_year: SHARE,
        per_remoteness: SHARE,
        per_stress: SHARE,
        expire_months: Within(0.0, 1200.0),
    });
    resistance(c, &s.transfers.resistance);
    geography(c, &s.geography);
    costs(c, &s.costs);
    let hours = s.workload.effective_hours_per_fte_year;
    c.number(
        "workload.effective_hours_per_fte_year",
        hours,
        Above(0.0, 8784.0),
    );
}

/// Tenure bounds, notice, appeal delay, transit, freeze windows, training.
fn rules(c: &mut Checker, t: &TransferSpec) {
    numbers!(c, "transfers", t, {
        min_years_at_post: Within(0.0, 100.0),
        max_years_at_post: Within(t.min_years_at_post.max(0.0), 100.0),
        notice_months: Within(0.0, 120.0),
        appeal_delay_months: Within(0.0, 120.0),
    });
    for (i, d) in t.transit_days.iter().enumerate() {
        c.number(
            format!("transfers.transit_days[{i}]"),
            *d,
            Within(0.0, 366.0),
        );
    }
    for (i, f) in t.freeze.iter().enumerate() {
        let p = format!("transfers.freeze[{i}]");
        c.number(format!("{p}.start_year"), f.start_year, AtLeast(0.0));
        c.ends_after(format!("{p}.end_year"), f.end_year, f.start_year);
    }
    c.number(
        "transfers.training_days",
        t.training_days,
        Within(0.0, 366.0),
    );
}

/// Logit coefficients in [-50, 50]; the three outcome shares in [0, 1], not all zero.
fn resistance(c: &mut Checker, r: &ResistanceSpec) {
    for (name, v) in [
        ("base_logit", r.base_logit),
        ("per_year_at_post", r.per_year_at_post),
        ("per_remoteness", r.per_remoteness),
        ("per_travel_hour", r.per_travel_hour),
        ("trait_weight", r.trait_weight),
        ("income_premium", r.income_premium),
        ("communication", r.communication),
        ("security", r.security),
        ("training", r.training),
        ("facilities", r.facilities),
    ] {
        c.number(
            format!("transfers.resistance.{name}"),
            v,
            Within(-50.0, 50.0),
        );
    }
    numbers!(c, "transfers.resistance", r, {
        appeal_share: SHARE,
        refuse_share: SHARE,
        quit_share: SHARE,
    });
    if r.appeal_share + r.refuse_share + r.quit_share <= 0.0 {
        c.push(
            "transfers.resistance.appeal_share",
            r.appeal_share,
            "appeal_share + refuse_share + quit_share > 0",
        );
    }
}

/// Region names used once; a square travel-time matrix of hours in [0, 1000].
fn geography(c: &mut Checker, g: &GeographySpec) {
    let n = g.regions.len();
    let mut seen = HashSet::new();
    for (i, name) in g.regions.iter().enumerate() {
        if name.trim().is_empty() || !seen.insert(name.as_str()) {
            c.push(
                format!("geography.regions[{i}]"),
                format!("\"{name}\""),
                "a non-empty region name used once",
            );
        }
    }
    if g.travel_hours.len() != n && !(n == 0 && g.travel_hours.is_empty()) {
        c.push(
            "geography.travel_hours",
            format!("{} rows", g.travel_hours.len()),
            format!("{n} rows, one per region"),
        );
    }
    for (i, row) in g.travel_hours.iter().enumerate() {
        if row.len() != n {
            c.push(
                format!("geography.travel_hours[{i}]"),
                format!("{} values", row.len()),
                format!("{n} values, one per region"),
            );
        }
        for (j, v) in row.iter().enumerate() {
            let path = format!("geography.travel_hours[{i}][{j}]");
            c.number(path, *v, Within(0.0, 1000.0));
        }
    }
}

/// Every cost (rupiah) finite and >= 0.
fn costs(c: &mut Checker, k: &CostSpec) {
    for (i, v) in k.relocation_rp.iter().enumerate() {
        c.number(format!("costs.relocation_rp[{i}]"), *v, AtLeast(0.0));
    }
    numbers!(c, "costs", k, {
        training_rp: AtLeast(0.0),
        monthly_salary_rp: AtLeast(0.0),
        package_per_year_rp: AtLeast(0.0),
        communication_per_order_rp: AtLeast(0.0),
        contract_monthly_rp: AtLeast(0.0),
    });
}
