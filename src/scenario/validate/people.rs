//! The people sections: `[workforce]`, `[competence]`, `[learning]`, `[absence]`, `[stress]`,
//! `[attrition]` and `[morale]`.

use super::Bound::*;
use super::{Checker, SHARE};
use crate::scenario::{CompetenceSpec, LearningSpec, Scenario, StressSpec, WorkforceSpec};

/// Every people section, in file order.
pub(super) fn check(s: &Scenario, c: &mut Checker) {
    workforce(c, &s.workforce);
    competence(s, c, &s.competence);
    learning(c, &s.learning);
    for (i, kind) in s.absence.kinds.iter().enumerate() {
        numbers!(c, &format!("absence.kinds[{i}]"), kind, {
            days_per_year: Within(0.0, 366.0),
            spell_days: Above(0.0, 366.0),
        });
    }
    stress(c, &s.stress);
    let a = &s.attrition;
    numbers!(c, "attrition", a, {
        quit_per_year: SHARE,
        quit_per_year_burned_out: SHARE,
    });
    let m = &s.morale;
    numbers!(c, "morale", m, {
        appeal_drop: SHARE,
        refusal_drop: SHARE,
        recovery_per_month: SHARE,
        productivity_weight: SHARE,
    });
}

fn workforce(c: &mut Checker, w: &WorkforceSpec) {
    for (name, [lo, hi]) in [
        ("workforce.age_range", w.age_range),
        ("workforce.hiring.age_range", w.hiring.age_range),
    ] {
        if !(lo.is_finite() && hi.is_finite() && 15.0 <= lo && lo <= hi && hi <= 100.0) {
            let expected = "[min, max] ages with 15 <= min <= max <= 100";
            c.push(name, format!("[{lo}, {hi}]"), expected);
        }
    }
    numbers!(c, "workforce", w, {
        initial_years_at_post_max: Within(0.0, 80.0),
        performance_sd: SHARE,
        resistance_sd: Within(0.0, 10.0),
        retirement_age: Above(15.0, 100.0),
        new_hire_lock_years: Within(0.0, 100.0),
        hiring.delay_months: Within(0.0, 600.0),
    });
    if w.hiring.recruitment_month > 12 {
        c.push(
            "workforce.hiring.recruitment_month",
            w.hiring.recruitment_month,
            "0 (continuous) or a calendar month 1-12",
        );
    }
    c.weights("workforce.hiring.fields", &w.hiring.fields);
}

fn competence(s: &Scenario, c: &mut Checker, k: &CompetenceSpec) {
    numbers!(c, "competence", k, {
        related_fit: Above(0.0, 1.0),
        unrelated_fit: Above(0.0, 1.0),
        breadth_bonus_per_field: SHARE,
        breadth_bonus_cap: SHARE,
        breadth_bonus_min_performance: Within(0.0, 10.0),
    });
    let fields = s.fields_in_use();
    for (i, pair) in k.related.iter().enumerate() {
        if pair.iter().any(|f| f.trim().is_empty()) {
            let expected = "two non-empty field names";
            c.push(
                format!("competence.related[{i}]"),
                format!("{pair:?}"),
                expected,
            );
        }
        for (j, f) in pair.iter().enumerate() {
            if !f.trim().is_empty() && !fields.contains(f.as_str()) {
                c.push(
                    format!("competence.related[{i}][{j}]"),
                    format!("\"{f}\""),
                    "a field used by some unit or person (a typo here would be ignored)",
                );
            }
        }
    }
}

fn learning(c: &mut Checker, l: &LearningSpec) {
    numbers!(c, "learning", l, {
        r0: Above(0.0, 1.0),
        r0_unrelated: Above(0.0, 1.0),
        r0_trained: Above(0.0, 1.0),
        tau_months: Above(0.0, 240.0),
    });
    for (i, f) in l.tau_factor_by_fit.iter().enumerate() {
        c.number(
            format!("learning.tau_factor_by_fit[{i}]"),
            *f,
            Above(0.0, 100.0),
        );
    }
    c.number("learning.retention_per_month", l.retention_per_month, SHARE);
}

fn stress(c: &mut Checker, s: &StressSpec) {
    numbers!(c, "stress", s, {
        utilization_threshold: SHARE,
        rise_per_month: Within(0.0, 100.0),
        recovery_per_month: Within(0.0, 100.0),
        burnout_threshold: Above(0.0, 1000.0),
        recovered_below: Within(0.0, s.burnout_threshold.max(0.0)),
        burnout_productivity: Above(0.0, 1.0),
    });
}
