//! `[[units]]`: names, headcount, named people, case classes and their demand.

use std::collections::HashSet;

use super::Bound::*;
use super::{Checker, MAX_ARRIVALS_PER_DAY, MAX_POSITIONS, SHARE};
use crate::scenario::{
    COMPLAINT_CLASS, ClassView, DemandSpec, PersonSpec, Scenario, UnitKind, UnitSpec,
};

/// Every unit, in file order.
pub(super) fn check(s: &Scenario, c: &mut Checker) {
    let horizon = if s.horizon_years.is_finite() {
        s.horizon_years
    } else {
        0.0
    };
    let mut names = HashSet::new();
    for (ui, u) in s.units.iter().enumerate() {
        let up = format!("units[{ui}]");
        c.name(
            format!("{up}.name"),
            &u.name,
            &mut names,
            ["unit", "another unit"],
        );
        if u.field.trim().is_empty() {
            c.push(
                format!("{up}.field"),
                "\"\"",
                "a non-empty competence field",
            );
        }
        if u.remoteness > 2 {
            c.push(
                format!("{up}.remoteness"),
                u.remoteness,
                "0 (urban), 1 (rural) or 2 (remote)",
            );
        }
        headcount(c, &up, u);
        staffing(s, c, &up, u);
        for (i, p) in u.people.iter().enumerate() {
            person(s, c, &format!("{up}.people[{i}]"), p);
        }
        class_fields(c, &up, u);
        let views = u.class_views(&up);
        let has_complaint_class = views.iter().any(|v| v.class == COMPLAINT_CLASS);
        let mut classes = HashSet::new();
        for v in &views {
            c.name(
                format!("{}.class", v.path),
                v.class,
                &mut classes,
                ["class", "another class of this unit"],
            );
            class(c, v, horizon);
            if v.complaint_prob > 0.0 && !has_complaint_class {
                c.push(
                    format!("{}.complaint_prob", v.path),
                    v.complaint_prob,
                    format!(
                        "0, or a case class named \"{COMPLAINT_CLASS}\" in unit '{}' to receive the complaints",
                        u.name
                    ),
                );
            }
        }
    }
}

/// Positions, initial staff and the `staff` count against the `people` list.
fn headcount(c: &mut Checker, up: &str, u: &UnitSpec) {
    if u.positions > MAX_POSITIONS {
        c.push(
            format!("{up}.positions"),
            u.positions,
            format!("at most {MAX_POSITIONS} positions in one unit"),
        );
    }
    let initial = u.initial_staff();
    if initial > u.positions {
        let field = if u.people.is_empty() {
            "staff"
        } else {
            "people"
        };
        c.push(
            format!("{up}.{field}"),
            format!("{initial} people"),
            format!("at most positions = {}", u.positions),
        );
    }
    match (u.staff, u.people.is_empty()) {
        (None, true) => c.push(
            format!("{up}.staff"),
            "nothing",
            "a staff count (`staff = N`), a `people` list or a roster row for this unit",
        ),
        (Some(n), false) if n as usize != u.people.len() => c.push(
            format!("{up}.staff"),
            n,
            format!(
                "the number of people listed ({}), or no `staff` at all",
                u.people.len()
            ),
        ),
        _ => {}
    }
}

/// Region, tenure override, absence factor and the field mix of generated staff.
fn staffing(s: &Scenario, c: &mut Checker, up: &str, u: &UnitSpec) {
    s.check_region(c, format!("{up}.region"), u.region.as_ref());
    if let Some(m) = u.min_years_at_post {
        c.number(format!("{up}.min_years_at_post"), m, Within(0.0, 100.0));
    }
    c.number(
        format!("{up}.absence_factor"),
        u.absence_factor,
        Within(0.0, 10.0),
    );
    if s.absence
        .availability(s.calendar.days_per_year, u.absence_factor)
        <= 0.0
    {
        c.push(
            format!("{up}.absence_factor"),
            u.absence_factor,
            "a factor that leaves some working time (absence days below days_per_year)",
        );
    }
    c.weights(&format!("{up}.staff_fields"), &u.staff_fields);
    c.number(format!("{up}.contract_share"), u.contract_share, SHARE);
    c.weights(&format!("{up}.hire_fields"), &u.hire_fields);
    c.number(
        format!("{up}.students_per_teacher"),
        u.students_per_teacher,
        Above(0.0, 1000.0),
    );
    let fields = s.fields_in_use();
    c.weights(&format!("{up}.subject_need"), &u.subject_need);
    for f in u
        .subject_need
        .keys()
        .filter(|f| !fields.contains(f.as_str()))
    {
        let expected = "a field some unit, person or hiring mix uses (a subject group of teachers)";
        c.push(
            format!("{up}.subject_need.{f}"),
            format!("\"{f}\""),
            expected,
        );
    }
    if !u.subject_need.is_empty() && u.students == 0 {
        c.push(
            format!("{up}.subject_need"),
            "a subject mix for a unit without students",
            "`students` > 0 (the need per subject is a share of students ÷ students_per_teacher)",
        );
    }
    for (i, f) in u.requires.iter().enumerate() {
        if !fields.contains(f.as_str()) {
            let expected =
                "a field some unit, person or hiring mix uses (nobody could ever meet it)";
            c.push(format!("{up}.requires[{i}]"), format!("\"{f}\""), expected);
        }
    }
    for (i, k) in u.capacity_shocks.iter().enumerate() {
        let at = format!("{up}.capacity_shocks[{i}]");
        c.number(
            format!("{at}.start_month"),
            k.start_month,
            Within(0.0, 2400.0),
        );
        c.number(format!("{at}.multiplier"), k.multiplier, Above(0.0, 1.0));
        let [lo, hi] = k.weeks.range();
        if !(lo.is_finite() && hi.is_finite() && lo > 0.0 && lo <= hi && hi <= 520.0) {
            let expected =
                "a number of weeks in (0, 520], or [min, max] with 0 < min <= max <= 520";
            c.push(format!("{at}.weeks"), format!("[{lo}, {hi}]"), expected);
        }
    }
    if !u.kind.queues() {
        for v in u.class_views(up) {
            if v.patience.is_some() {
                let expected = "no patience: a timetabled unit's sessions are lost at once";
                c.push(format!("{}.patience", v.path), "a distribution", expected);
            }
            if v.complaint_prob > 0.0 || v.class == COMPLAINT_CLASS {
                let expected = "no complaints: a timetabled unit has no queue to complain about";
                c.push(
                    format!("{}.complaint_prob", v.path),
                    v.complaint_prob,
                    expected,
                );
            }
        }
    }
    if let Some(age) = u.retirement_age {
        c.number(format!("{up}.retirement_age"), age, Above(15.0, 100.0));
    }
}

/// One named person.
fn person(s: &Scenario, c: &mut Checker, pp: &str, p: &PersonSpec) {
    numbers!(c, pp, p, {
        age: Within(15.0, 100.0),
        performance: Above(0.0, 10.0),
        resistance: Within(-10.0, 10.0),
    });
    if let Some(y) = p.years_at_post {
        c.number(format!("{pp}.years_at_post"), y, Within(0.0, 80.0));
    }
    if let Some(y) = p.years_of_service {
        c.number(format!("{pp}.years_of_service"), y, Within(0.0, 80.0));
    }
    if p.field.as_deref().is_some_and(|f| f.trim().is_empty()) {
        c.push(format!("{pp}.field"), "\"\"", "a non-empty field name");
    }
    s.check_region(c, format!("{pp}.home_region"), p.home_region.as_ref());
}

/// The single-class shorthand is complete, or absent when the unit lists `[[units.cases]]`.
fn class_fields(c: &mut Checker, up: &str, u: &UnitSpec) {
    if u.kind == UnitKind::Pool {
        for (field, present) in [
            ("demand", u.demand.is_some()),
            ("service", u.service.is_some()),
            ("sla_days", u.sla_days.is_some()),
            ("cases", !u.cases.is_empty()),
            ("class", u.class.is_some()),
            ("patience", u.patience.is_some()),
        ] {
            if present {
                c.push(
                    format!("{up}.{field}"),
                    "a value",
                    "nothing: a unit of kind \"pool\" stands for the rest of the organisation and has no demand or case classes of its own",
                );
            }
        }
        return;
    }
    if u.is_shorthand() {
        for (field, present) in [
            ("demand", u.demand.is_some()),
            ("service", u.service.is_some()),
            ("sla_days", u.sla_days.is_some()),
        ] {
            if !present {
                c.push(
                    format!("{up}.{field}"),
                    "nothing",
                    format!("`{field}` (or a list of [[units.cases]])"),
                );
            }
        }
        return;
    }
    for (field, present) in [
        ("class", u.class.is_some()),
        ("demand", u.demand.is_some()),
        ("service", u.service.is_some()),
        ("sla_days", u.sla_days.is_some()),
        ("patience", u.patience.is_some()),
        ("complaint_after_days", u.complaint_after_days.is_some()),
        ("complaint_prob", u.complaint_prob.is_some()),
    ] {
        if present {
            c.push(
                format!("{up}.{field}"),
                "a value",
                "no unit-level value when the unit lists [[units.cases]]: put it in each case class",
            );
        }
    }
}

/// One case class: SLA, demand, service and patience distributions, complaints.
fn class(c: &mut Checker, v: &ClassView<'_>, horizon_years: f64) {
    let p = &v.path;
    if let Some(sla) = v.sla_days {
        c.number(format!("{p}.sla_days"), sla, Positive);
    }
    if let Some(d) = v.demand {
        demand(c, &format!("{p}.demand"), d, horizon_years);
    }
    for (name, dist) in [("service", v.service), ("patience", v.patience)] {
        for (param, value, expected) in dist.map(|d| d.problems()).unwrap_or_default() {
            c.push(format!("{p}.{name}.{param}"), value, expected);
        }
    }
    numbers!(c, p, v, {
        complaint_after_days: Positive,
        complaint_prob: SHARE,
    });
}

/// Arrivals: a base rate (or a history to fit it from), growth, season and shocks, with a
/// peak rate a run can finish.
fn demand(c: &mut Checker, path: &str, d: &DemandSpec, horizon_years: f64) {
    match d.base_per_day {
        Some(base) => {
            c.number(format!("{path}.base_per_day"), base, AtLeast(0.0));
            // An upper bound of the peak rate: a higher one would never finish (or overflow).
            let growth = (1.0 + d.growth_per_year.max(0.0)).powf(horizon_years.floor());
            let season = d.season.iter().copied().fold(1.0, f64::max);
            let shocks: f64 = d.shocks.iter().map(|s| s.multiplier.max(1.0)).product();
            let peak = base * growth * season * shocks;
            if base.is_finite() && (peak.is_nan() || peak > MAX_ARRIVALS_PER_DAY) {
                c.push(
                    format!("{path}.base_per_day"),
                    base,
                    format!(
                        "a peak rate (base x growth over the horizon x season x shocks = {peak:.3e} \
                         per working day) of at most {MAX_ARRIVALS_PER_DAY:e} cases per working day"
                    ),
                );
            }
        }
        // Loading fills it from `history`; still absent means neither was written.
        None => c.push(
            format!("{path}.base_per_day"),
            "nothing",
            "arrivals per working day (`base_per_day = 12`) or a `history` CSV to fit them from",
        ),
    }
    let growth = d.growth_per_year;
    c.number(format!("{path}.growth_per_year"), growth, Above(-1.0, 10.0));
    if !d.season.is_empty() && d.season.len() != 12 {
        c.push(
            format!("{path}.season"),
            format!("a list of {} values", d.season.len()),
            "12 monthly multipliers (January..December) or no season at all",
        );
    }
    for (i, s) in d.season.iter().enumerate() {
        c.number(format!("{path}.season[{i}]"), *s, AtLeast(0.0));
    }
    // A shock after the horizon simply never happens (shortened runs stay valid).
    for (i, s) in d.shocks.iter().enumerate() {
        let p = format!("{path}.shocks[{i}]");
        numbers!(c, &p, s, {
            start_year: Within(0.0, 1e4),
            multiplier: Within(0.0, 1000.0),
            ramp_months: Within(0.0, 2400.0),
        });
        c.ends_after(format!("{p}.end_year"), s.end_year, s.start_year);
    }
}
