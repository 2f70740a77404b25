//! `[review]`, `[[policies]]` and `baseline`.

use std::collections::HashSet;

use super::Bound::*;
use super::{Checker, SHARE};
use crate::scenario::{Indicator, PolicySpec, ReviewSpec, Scenario};

/// The review timing, every policy, and the baseline naming one of them.
pub(super) fn check(s: &Scenario, c: &mut Checker) {
    review(c, "review", &s.review, s.months());
    if s.policies.is_empty() {
        c.push(
            "policies",
            "an empty list",
            "at least one [[policies]] entry",
        );
    }
    let known = Known {
        units: s.units.iter().map(|u| u.name.as_str()).collect(),
        fields: s.fields_in_use(),
        months: s.months(),
    };
    let mut names = HashSet::new();
    for (i, p) in s.policies.iter().enumerate() {
        let pp = format!("policies[{i}]");
        c.name(
            format!("{pp}.name"),
            &p.name,
            &mut names,
            ["policy", "another policy"],
        );
        policy(c, &pp, p, &known);
    }
    if !s.policies.iter().any(|p| p.name == s.baseline) {
        let names: Vec<&str> = s.policies.iter().map(|p| p.name.as_str()).collect();
        c.push(
            "baseline",
            format!("\"{}\"", s.baseline),
            format!("the name of one of the policies ({})", names.join(", ")),
        );
    }
}

/// What a policy may name: units, competence fields, and the run's length in months.
struct Known<'a> {
    units: Vec<&'a str>,
    fields: HashSet<&'a str>,
    months: usize,
}

impl Known<'_> {
    fn unit(&self, c: &mut Checker, path: String, name: &str) {
        if !self.units.contains(&name) {
            c.push(
                path,
                format!("\"{name}\""),
                format!("one of the units ({})", self.units.join(", ")),
            );
        }
    }

    fn field(&self, c: &mut Checker, path: String, name: &str) {
        if !self.fields.contains(name) {
            c.push(
                path,
                format!("\"{name}\""),
                "a field used by some unit or person",
            );
        }
    }
}

/// Review timing: at least monthly steps, a start month of at least 1.
fn review(c: &mut Checker, path: &str, r: &ReviewSpec, months: usize) {
    if r.every_months == 0 || r.every_months > 1200 {
        c.push(
            format!("{path}.every_months"),
            r.every_months,
            "a number of months in 1..=1200",
        );
    }
    // A first review after the horizon means no review: allowed, so shortened runs stay valid.
    if r.start_month == 0 || r.start_month > 2400 {
        c.push(
            format!("{path}.start_month"),
            r.start_month,
            format!("a month in 1..=2400 (reviews happen at month ends; this run has {months})"),
        );
    }
}

/// One policy entry: parameters of its kind only, names that exist, values in range.
fn policy(c: &mut Checker, pp: &str, p: &PolicySpec, known: &Known<'_>) {
    for stray in p.stray_parameters() {
        c.push(
            format!("{pp}.{stray}"),
            "a value",
            format!(
                "no `{stray}`: it is not a parameter of kind `{}`",
                p.kind.name()
            ),
        );
    }
    if let Some(r) = &p.review {
        review(c, &format!("{pp}.review"), r, known.months);
    }
    for (j, u) in p.units.iter().enumerate() {
        known.unit(c, format!("{pp}.units[{j}]"), u);
    }
    for (j, f) in p.fields.iter().enumerate() {
        known.field(c, format!("{pp}.fields[{j}]"), f);
    }
    for (j, m) in p.moves.iter().enumerate() {
        let mp = format!("{pp}.moves[{j}]");
        known.unit(c, format!("{mp}.from"), &m.from);
        known.unit(c, format!("{mp}.to"), &m.to);
        if m.from == m.to {
            c.push(
                format!("{mp}.to"),
                format!("\"{}\"", m.to),
                "a unit other than `from`",
            );
        }
        // A move after the horizon simply never happens (shortened runs stay valid).
        if m.month == 0 || m.month > 2400 {
            c.push(
                format!("{mp}.month"),
                m.month,
                format!(
                    "a month in 1..=2400 (1 = the first simulated month; this run has {})",
                    known.months
                ),
            );
        }
        if m.count == 0 {
            c.push(format!("{mp}.count"), m.count, "at least 1 person");
        }
        if let Some(f) = m.field.as_deref() {
            known.field(c, format!("{mp}.field"), f);
        }
    }
    for (name, v, bound) in [
        ("every_years", p.every_years, Above(0.0, 100.0)),
        ("tolerance", p.tolerance, SHARE),
        ("surge_factor", p.surge_factor, Above(0.0, 1000.0)),
        ("threshold", p.threshold, AtLeast(0.0)),
        ("alpha", p.alpha, Above(0.0, 0.5)),
        ("donor_max_ej", p.donor_max_ej, Above(0.0, 1e9)),
        ("receiver_margin", p.receiver_margin, Within(0.0, 1e9)),
        ("temporary_weeks", p.temporary_weeks, Above(0.0, 52.0)),
        (
            "request_donor_max_ej",
            p.request_donor_max_ej,
            Above(0.0, 1e9),
        ),
    ] {
        if let Some(v) = v {
            c.number(format!("{pp}.{name}"), v, bound);
        }
    }
    if let Some(b) = p.baseline_months
        && !(12..=600).contains(&b)
    {
        c.push(
            format!("{pp}.baseline_months"),
            b,
            "12 to 600 months (a baseline of at least one seasonal cycle)",
        );
    }
    if let Some(ind) = p.indicator {
        use Indicator::*;
        if !matches!(
            ind,
            Complaints | SlaBreachRate | Backlog | WaitDaysMean | Ej
        ) {
            c.push(
                format!("{pp}.indicator"),
                format!("{ind:?}"),
                "an indicator where higher is worse: complaints, sla_breach_rate, backlog, wait_days_mean or ej",
            );
        }
    }
    if p.months == Some(0) {
        c.push(format!("{pp}.months"), 0, "at least 1 month");
    }
    let support = format!("{pp}.support");
    for (k, v) in p.support.allowance_premium.iter().enumerate() {
        c.number(
            format!("{support}.allowance_premium[{k}]"),
            *v,
            Within(0.0, 10.0),
        );
    }
    c.number(
        format!("{support}.communication"),
        p.support.communication,
        SHARE,
    );
}
