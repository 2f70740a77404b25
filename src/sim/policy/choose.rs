//! Small choices the built-in policies share: who may move, where a person fits best.

use std::cmp::Ordering;

use crate::scenario::SelectBy;

use super::{OrgView, StaffInfo};

/// True when the person has served the minimum years at post, has no order pending and is
/// not leaving the service (an order to a leaver would only be blocked and waste a move).
pub fn eligible(org: &OrgView<'_>, p: &StaffInfo) -> bool {
    p.movable()
        && !p.pending
        && !p.leaving
        && p.years_at_post + 1e-9 >= org.min_years_at_post(p.unit)
}

/// Descending order of `f64` keys (NaN last).
pub fn desc(a: f64, b: f64) -> Ordering {
    b.partial_cmp(&a).unwrap_or(Ordering::Equal)
}

/// Ascending order of `f64` keys (NaN last).
pub fn asc(a: f64, b: f64) -> Ordering {
    a.partial_cmp(&b).unwrap_or(Ordering::Equal)
}

/// Among allowed units (`allowed(unit)`: in scope and passing the guards; with vacancies beyond those `reserved` earlier in this review), the
/// one other than the person's own with a vacancy where
/// the person fits best; ties go to the highest recent EJ.
pub fn best_fit_unit(
    org: &OrgView<'_>,
    p: &StaffInfo,
    allowed: &dyn Fn(u32) -> bool,
    reserved: &[i64],
) -> Option<u32> {
    best_open_unit(org, p, allowed, reserved, true)
}

/// Among allowed units other than the person's own with a vacancy, the one with the highest
/// recent EJ; ties go to the best fit.
pub fn most_needed_unit(
    org: &OrgView<'_>,
    p: &StaffInfo,
    allowed: &dyn Fn(u32) -> bool,
    reserved: &[i64],
) -> Option<u32> {
    best_open_unit(org, p, allowed, reserved, false)
}

/// The allowed unit other than the person's own with a vacancy left that ranks highest by
/// fit then recent EJ (`fit_first`), or by EJ then fit.
fn best_open_unit(
    org: &OrgView<'_>,
    p: &StaffInfo,
    allowed: &dyn Fn(u32) -> bool,
    reserved: &[i64],
    fit_first: bool,
) -> Option<u32> {
    let fit = |u: u32| org.fit(p.field, u);
    let ej = |u: u32| nan_low(org.indicator(u, super::Indicator::Ej, 0));
    org.units()
        .filter(|u| u.id != p.unit && allowed(u.id) && u.vacancies() - reserved[u.id as usize] > 0)
        .max_by(|a, b| {
            let (by_fit, by_ej) = (asc(fit(a.id), fit(b.id)), asc(ej(a.id), ej(b.id)));
            if fit_first {
                by_fit.then(by_ej)
            } else {
                by_ej.then(by_fit)
            }
        })
        .map(|u| u.id)
}

fn nan_low(x: f64) -> f64 {
    if x.is_nan() { f64::NEG_INFINITY } else { x }
}

/// Under the merit system (`select_by = "performance"`), the better performer first;
/// otherwise no preference (the caller's keys decide).
pub fn merit_first(select_by: SelectBy, a: &StaffInfo, b: &StaffInfo) -> Ordering {
    match select_by {
        SelectBy::Performance => desc(a.performance, b.performance),
        SelectBy::Fit => Ordering::Equal,
    }
}
