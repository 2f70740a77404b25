//! The brief's sentences: headline findings from the paired comparison (a difference is
//! claimed only when its 95 % CI excludes zero, worded by which direction is better for the
//! KPI, costs as extra cost per year) and the level of each headline KPI per policy.

use crate::report::charts::HEADLINE_KPIS;
use crate::report::i18n::{Lang, Measure, decimals_for, display_factor, fill, kpi_info};
use crate::report::saved::{Estimate, PairedDifference, SavedResults};
use crate::sim::Better;

/// A KPI value or difference as text: the amount with its unit, and the CI numbers on the
/// same scale.
struct Amount {
    amount: String,
    ci: String,
}

/// Formats an estimate already in display units (see `display_factor`); `diff` selects
/// difference units (percentage points), `signed` keeps a `+` on positive amounts.
fn amount(
    lang: Lang,
    kpi: &str,
    e: Estimate,
    years: Option<f64>,
    diff: bool,
    signed: bool,
) -> Amount {
    let info = kpi_info(kpi);
    let scale = [e.mean, e.low, e.high]
        .iter()
        .filter(|v| v.is_finite())
        .fold(0.0_f64, |m, v| m.max(v.abs()));
    let per_year = match info {
        Some(k) if k.per_year => match years {
            Some(_) => format!(" {}", lang.w().per_year),
            None => format!(" {}", lang.w().per_period),
        },
        _ => String::new(),
    };
    let sign = |v: f64, s: String| {
        if signed && v > 0.0 {
            format!("+{s}")
        } else {
            s
        }
    };
    if info.is_some_and(|k| k.measure == Measure::Rupiah) {
        // Display units are millions; pick thousand/million/billion from the magnitude.
        let (f, d, word) = lang.rupiah_format(scale);
        return Amount {
            amount: sign(
                e.mean,
                format!("Rp {}{word}{per_year}", lang.num(e.mean * f, d)),
            ),
            ci: fill(
                lang.w().ci,
                &[("ci", &lang.range(e.low * f, e.high * f, d))],
            ),
        };
    }
    let d = decimals_for(scale, 2);
    let unit = info.map_or("", |k| lang.measure(k.measure, diff));
    let number = lang.num(e.mean, d);
    let amount = match unit {
        "" => number,
        "%" => format!("{number}%"),
        u => format!("{number} {u}"),
    };
    Amount {
        amount: sign(e.mean, format!("{amount}{per_year}")),
        ci: fill(lang.w().ci, &[("ci", &lang.range(e.low, e.high, d))]),
    }
}

/// The threshold of a change as text in the KPI's display unit ("0.5 percentage points",
/// "1.4 cases per year").
fn threshold_text(lang: Lang, kpi: &str, threshold: f64, years: Option<f64>) -> String {
    let e = Estimate {
        mean: threshold,
        low: threshold,
        high: threshold,
    }
    .scaled(display_factor(kpi, years));
    amount(lang, kpi, e, years, true, false).amount
}

/// The headline sentence of one paired difference; `threshold` is the smallest difference
/// that counts as a change (saved units, see [`super::material`]).
pub(crate) fn difference_sentence(
    d: &PairedDifference,
    lang: Lang,
    years: Option<f64>,
    threshold: f64,
) -> String {
    let w = lang.w();
    let e = d.difference.scaled(display_factor(&d.kpi, years));
    let policy = lang.policy(&d.policy);
    let baseline = lang.policy_object(&d.baseline);
    let kpi = lang.kpi_phrase(&d.kpi);
    let sentence = |template: &str, a: &Amount, more: &[(&str, &str)]| {
        let mut blanks = vec![
            ("policy", policy.as_str()),
            ("kpi", kpi.as_str()),
            ("baseline", baseline.as_str()),
            ("amount", a.amount.as_str()),
            ("ci", a.ci.as_str()),
        ];
        blanks.extend_from_slice(more);
        fill(template, &blanks)
    };
    if d.is_clear() && d.difference.mean.abs() < threshold {
        let a = amount(lang, &d.kpi, e, years, true, true);
        let threshold = threshold_text(lang, &d.kpi, threshold, years);
        return sentence(w.negligible, &a, &[("threshold", &threshold)]);
    }
    if !d.is_clear() {
        let a = amount(lang, &d.kpi, e, years, true, true);
        return sentence(w.unclear, &a, &[]);
    }
    let up = e.mean > 0.0;
    let a = amount(lang, &d.kpi, e.magnitude(), years, true, false);
    let info = kpi_info(&d.kpi);
    let template = match (info.map(|k| (k.measure, k.better)), up) {
        (Some((Measure::Rupiah, _)), true) => w.cost_more,
        (Some((Measure::Rupiah, _)), false) => w.cost_less,
        (Some((_, Better::Lower)), false) => w.better_lower,
        (Some((_, Better::Higher)), true) => w.better_higher,
        (Some((_, Better::Lower)), true) => w.worse_up,
        (Some((_, Better::Higher)), false) => w.worse_down,
        (_, true) => w.neutral_up,
        (_, false) => w.neutral_down,
    };
    sentence(template, &a, &[])
}

/// The warning after a resolution-time finding: resolution times count completed cases
/// only, so a policy that loses more cases to abandonment looks faster than it is. Given
/// the paired difference in abandoned cases; `None` unless that difference is clear.
fn abandonment_caveat(d: &PairedDifference, lang: Lang, years: Option<f64>) -> Option<String> {
    if !d.is_clear() {
        return None;
    }
    let e = d.difference.scaled(display_factor(&d.kpi, years));
    let a = amount(lang, &d.kpi, e, years, true, true);
    let up = e.mean > 0.0;
    let m = amount(lang, &d.kpi, e.magnitude(), years, true, false);
    let change = if up { lang.d().rose } else { lang.d().fell };
    Some(fill(
        lang.w().abandonment_caveat,
        &[
            ("policy", &lang.policy(&d.policy)),
            ("kpi", &lang.kpi_phrase(&d.kpi)),
            ("baseline", &lang.policy_object(&d.baseline)),
            ("amount", &a.amount),
            ("ci", &a.ci),
            ("change", change),
            ("magnitude", &m.amount),
            ("magnitude_ci", &m.ci),
        ],
    ))
}

/// The finite paired differences of `policy` with another policy on `kpi`.
fn compared<'a>(
    comparison: &'a [PairedDifference],
    policy: &'a str,
    kpi: &'a str,
) -> impl Iterator<Item = &'a PairedDifference> {
    comparison.iter().filter(move |d| {
        d.policy == policy
            && d.kpi == kpi
            && d.policy != d.baseline
            && d.difference.mean.is_finite()
    })
}

/// Headline findings in plain sentences, from `comparison.csv`: for every policy compared
/// with a baseline, one sentence per headline KPI present (resolution time, SLA compliance,
/// complaints, backlog, workload balance, stress, attrition, cost). A difference is claimed
/// only when its 95 % CI excludes zero and it reaches the threshold of a change (see
/// `material.rs`: 0.5 percentage points, or 1 % of the baseline's level, unless the
/// scenario's `[report]` says otherwise); otherwise the sentence says there is no clear, or
/// no material, difference. The resolution-time sentence is followed by a caveat when the policy
/// clearly changes the number of abandoned cases. Empty when there is no comparison.
pub fn headline_sentences(saved: &SavedResults, lang: Lang) -> Vec<String> {
    let Some(comparison) = &saved.comparison else {
        return Vec::new();
    };
    let years = saved.run.measured_years();
    let min_change = super::material::MinChange::of_saved(saved);
    let threshold = |d: &PairedDifference| {
        let level = saved
            .summary(&d.baseline, &d.kpi)
            .map_or(f64::NAN, |s| s.estimate.mean);
        min_change.threshold(&d.kpi, level)
    };
    let mut out = Vec::new();
    for policy in &saved.policies {
        for kpi in HEADLINE_KPIS {
            for d in compared(comparison, policy, kpi) {
                out.push(difference_sentence(d, lang, years, threshold(d)));
                if *kpi == "resolution_days_mean" {
                    out.extend(
                        compared(comparison, policy, "abandoned")
                            .filter(|a| a.baseline == d.baseline)
                            .filter_map(|a| abandonment_caveat(a, lang, years)),
                    );
                }
            }
        }
    }
    out
}
