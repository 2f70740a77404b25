//! The people sections: `[workforce]`, `[competence]`, `[learning]`, `[absence]`, `[stress]`,
//! `[workpace]`, `[retention]`, `[attrition]` and `[morale]`.

use super::Bound::*;
use super::{Checker, SHARE};
use crate::scenario::{
    CompetenceSpec, LearningSpec, RetentionSpec, Scenario, StressSpec, WorkforceSpec, WorkpaceSpec,
};

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
    workpace(c, &s.workpace);
    retention(c, &s.retention);
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
    let ranges = [
        ("workforce.age_range", w.age_range),
        ("workforce.hiring.age_range", Some(w.hiring.age_range)),
    ];
    for (name, [lo, hi]) in ranges.into_iter().filter_map(|(n, r)| Some((n, r?))) {
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
        contracts.renewal_per_year: SHARE,
        contracts.hiring_delay_months: Within(0.0, 600.0),
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
    for (i, f) in k.breadth_across_posts.iter().enumerate() {
        if !s.units.iter().any(|u| &u.field == f) {
            c.push(
                format!("competence.breadth_across_posts[{i}]"),
                format!("\"{f}\""),
                "the field of some unit (a typo here would be ignored)",
            );
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
    for (name, removed, instead) in [
        (
            "utilization_threshold",
            s.utilization_threshold,
            "sustainable_load",
        ),
        ("rise_per_month", s.rise_per_month, "rise_months"),
        (
            "recovery_per_month",
            s.recovery_per_month,
            "recovery_months",
        ),
        (
            "burnout_threshold",
            s.burnout_threshold,
            "burnout_base_per_year",
        ),
        (
            "recovered_below",
            s.recovered_below,
            "burnout_recovery_months",
        ),
    ] {
        if let Some(v) = removed {
            c.push(
                format!("stress.{name}"),
                v,
                format!(
                    "nothing: stress is now bounded on [0, 1] and burnout is a risk, not a \
                     threshold; use `stress.{instead}` (see docs/scenario.md, Stress)"
                ),
            );
        }
    }
    numbers!(c, "stress", s, {
        sustainable_load: Above(0.0, 3.0),
        full_strain_load: Above(s.sustainable_load.max(0.0), 5.0),
        rise_months: Within(0.0, 120.0),
        recovery_months: Within(0.0, 120.0),
        fatigue: Within(0.0, 0.9),
        burnout_base_per_year: SHARE,
        burnout_odds_ratio: Above(0.0, 100.0),
        burnout_recovery_months: Within(0.0, 600.0),
        burnout_productivity: Above(0.0, 1.0),
        burnout_absence_factor: Within(0.0, 10.0),
    });
}

fn workpace(c: &mut Checker, w: &WorkpaceSpec) {
    numbers!(c, "workpace", w, {
        speedup_max: SHARE,
        speedup_full_at_days: Above(0.0, 365.0),
        overtime_hours_per_week: Within(0.0, 40.0),
        overtime_after_days: Within(0.0, 365.0),
        overtime_pay_per_hour_rp: AtLeast(0.0),
    });
}

fn retention(c: &mut Checker, r: &RetentionSpec) {
    numbers!(c, "retention", r, {
        retention_weight: SHARE,
        conditional_attendance_effect: SHARE,
    });
}
