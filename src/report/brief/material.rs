//! What the brief calls a change: a difference whose 95 % CI excludes zero *and* whose size
//! reaches a stated threshold. A −0.09 percentage-point change in lessons taught at a level
//! of 100 % can be estimated precisely and still mean nothing to a planner; marking it
//! "clearly worse" would turn a precise nothing into a finding.
//!
//! The threshold depends on the KPI's unit: for a percentage, `min_change_pp` percentage
//! points; for everything else (days, cases, people, Rp...), `min_change_percent` percent of
//! the baseline's level. Both come from the scenario's `[report]` (defaults
//! [`DEFAULT_MIN_CHANGE_PP`] and [`DEFAULT_MIN_CHANGE_PERCENT`]). The scorecard, the
//! answer, the ranking and the appendix's findings all judge a difference with it.

use crate::report::i18n::{Lang, Measure, fill, kpi_info};
use crate::report::saved::SavedResults;
use crate::scenario::{DEFAULT_MIN_CHANGE_PERCENT, DEFAULT_MIN_CHANGE_PP, Scenario};
use crate::stats::Summary;

/// The smallest differences that count as a change.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct MinChange {
    /// For a percentage (a share shown in %): percentage points.
    pub pp: f64,
    /// For any other KPI: percent of the baseline's level.
    pub percent: f64,
}

impl Default for MinChange {
    fn default() -> MinChange {
        MinChange {
            pp: DEFAULT_MIN_CHANGE_PP,
            percent: DEFAULT_MIN_CHANGE_PERCENT,
        }
    }
}

impl MinChange {
    /// The thresholds of a scenario's `[report]` (defaults for what it leaves out, or
    /// without a scenario).
    pub(crate) fn of(scenario: Option<&Scenario>) -> MinChange {
        let d = MinChange::default();
        let Some(r) = scenario.map(|s| &s.report) else {
            return d;
        };
        MinChange {
            pp: r.min_change_pp.unwrap_or(d.pp),
            percent: r.min_change_percent.unwrap_or(d.percent),
        }
    }

    /// The thresholds of the results' scenario (from the copy in `run.json`).
    pub(crate) fn of_saved(saved: &SavedResults) -> MinChange {
        MinChange::of(super::headline::scenario_of(saved).as_ref())
    }

    /// The smallest difference of `kpi` that counts, in the unit the results are saved in
    /// (shares as fractions), given the baseline's level; 0 when the level is unknown or
    /// zero, so any clear difference counts.
    pub(crate) fn threshold(&self, kpi: &str, baseline_level: f64) -> f64 {
        let share = kpi_info(kpi).is_some_and(|k| k.measure == Measure::Share);
        let t = if share {
            self.pp / 100.0
        } else if baseline_level.is_finite() {
            self.percent / 100.0 * baseline_level.abs()
        } else {
            0.0
        };
        if t.is_finite() { t.max(0.0) } else { 0.0 }
    }

    /// The rule in words, for the scorecard's note and the method.
    pub(crate) fn describe(&self, lang: Lang, baseline: &str) -> String {
        fill(
            lang.d().min_change,
            &[
                ("pp", &lang.num(self.pp, decimals(self.pp))),
                ("percent", &lang.num(self.percent, decimals(self.percent))),
                ("baseline", baseline),
            ],
        )
    }
}

/// Decimals that show a threshold as written (0.5, 1, 0.25).
fn decimals(x: f64) -> usize {
    (0..4)
        .find(|&d| ((x * 10f64.powi(d as i32)).round() - x * 10f64.powi(d as i32)).abs() < 1e-9)
        .unwrap_or(4)
}

/// Whether a difference is clear (95 % CI excludes zero) and at least `threshold` in size.
pub(crate) fn material(d: &Summary, threshold: f64) -> bool {
    super::headline::clear(d) && d.mean.abs() >= threshold
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diff(mean: f64, half: f64) -> Summary {
        Summary {
            mean,
            ci95_low: mean - half,
            ci95_high: mean + half,
            ..crate::stats::summarize(&[mean, mean])
        }
    }

    #[test]
    fn a_precise_but_tiny_change_of_a_percentage_is_not_material() {
        let m = MinChange::default();
        let t = m.threshold("demand_served", 0.999);
        assert!((t - 0.005).abs() < 1e-12);
        // −0.09 pp with a CI that excludes zero: clear, but under half a point.
        assert!(crate::report::brief::headline::clear(&diff(
            -0.0009, 0.0003
        )));
        assert!(!material(&diff(-0.0009, 0.0003), t));
        assert!(material(&diff(-0.02, 0.003), t));
        // A large change whose CI includes zero stays unclear.
        assert!(!material(&diff(-0.02, 0.03), t));
    }

    #[test]
    fn other_units_are_judged_against_the_baselines_level() {
        let m = MinChange {
            pp: 0.5,
            percent: 2.0,
        };
        assert!((m.threshold("backlog_end", 300.0) - 6.0).abs() < 1e-9);
        assert!((m.threshold("backlog_end", -300.0) - 6.0).abs() < 1e-9);
        // A baseline that costs nothing: any clear extra cost counts.
        assert_eq!(m.threshold("cost_total", 0.0), 0.0);
        assert_eq!(m.threshold("cost_total", f64::NAN), 0.0);
        assert!(!material(
            &diff(5.0, 1.0),
            m.threshold("backlog_end", 300.0)
        ));
        assert!(material(
            &diff(-7.0, 1.0),
            m.threshold("backlog_end", 300.0)
        ));
    }

    #[test]
    fn the_rule_is_stated_with_the_scenarios_numbers() {
        let m = MinChange {
            pp: 0.25,
            percent: 3.0,
        };
        let en = m.describe(Lang::En, "the status quo");
        assert!(en.contains("0.25 percentage points"), "{en}");
        assert!(en.contains("3% of the level of the status quo"), "{en}");
        let id = m.describe(Lang::Id, "status quo");
        assert!(id.contains("0,25 poin persentase"), "{id}");
    }
}
